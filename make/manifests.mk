# Renders every kustomization under hooks/, manifests/ and examples/ with
# `kubectl kustomize` into target/manifests/<path-with-dashes>.yaml.
# Included from the main Makefile:  include make/manifests.mk
#
# Components (kind: Component, the hook Jobs under hooks/) cannot render alone; they are
# rendered through the kustomizations that use them (hooks/examples/*, examples/guestbook,
# manifests/hook).

KUBECTL ?= kubectl
MANIFESTS_OUT ?= target/manifests
MANIFESTS_ROOTS ?= hooks manifests examples

# Folders holding a kustomization.yaml that is not a Component.
MANIFESTS_DIRS = $(sort $(patsubst %/kustomization.yaml,%,$(shell \
	find $(MANIFESTS_ROOTS) -name kustomization.yaml 2>/dev/null \
	| xargs -r grep -L '^kind: *Component' 2>/dev/null)))

.PHONY: manifests manifests-check-kubectl manifests-clean

manifests: manifests-check-kubectl ## render every kustomization into target/manifests/ (needs kubectl)
	@rm -rf $(MANIFESTS_OUT)
	@mkdir -p $(MANIFESTS_OUT)
	@set -e; for dir in $(MANIFESTS_DIRS); do \
		out="$(MANIFESTS_OUT)/$$(echo "$$dir" | tr '/' '-').yaml"; \
		if ! $(KUBECTL) kustomize "$$dir" > "$$out"; then \
			echo "manifests: 'kubectl kustomize $$dir' failed" >&2; exit 1; \
		fi; \
		echo "rendered $$dir -> $$out"; \
	done

manifests-check-kubectl: ## check that kubectl with kustomize is on the PATH (KUBECTL=...)
	@command -v $(KUBECTL) >/dev/null 2>&1 || { \
		echo "manifests: '$(KUBECTL)' not found on the PATH." >&2; \
		echo "  Install kubectl (it includes kustomize) or run: make manifests KUBECTL=/path/to/kubectl" >&2; \
		exit 1; }
	@$(KUBECTL) kustomize --help >/dev/null 2>&1 || { \
		echo "manifests: '$(KUBECTL)' has no 'kustomize' subcommand; kubectl 1.14 or newer is needed." >&2; \
		exit 1; }

manifests-clean: ## delete target/manifests/
	rm -rf $(MANIFESTS_OUT)
