# synchook: build, test, run (dry run), native, image, manifests, bench.
SHELL := /bin/bash
MVN ?= mvn -B -ntp
JAVA ?= java
APP_JAR := target/quarkus-app/quarkus-run.jar

.PHONY: build test test-cluster run native clean help

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | sort

build: ## build the JVM application (target/quarkus-app)
	$(MVN) package -DskipTests

$(APP_JAR):
	$(MVN) package -DskipTests

test: ## run every test (unit, cluster on the mock API server, manifests, schema contract)
	$(MVN) verify

test-cluster: ## every test, the cluster tests on a real API server (SYNCHOOK_IT_KUBECONFIG, else one started from ../shared/kube-apiserver)
	make/with-kube-apiserver.sh $(MVN) verify

run: $(APP_JAR) ## dry run: render the PipelineRun for the example sync context, no cluster needed
	set -a; . examples/sync-context.env; set +a; bin/synchook render

native: ## native executable (needs GraalVM/Mandrel, or a container runtime with CONTAINER_BUILD=true)
	$(MVN) package -Dnative -DskipTests $(if $(CONTAINER_BUILD),-Dquarkus.native.container-build=true,)

clean: ## delete target/ (the build, rendered manifests, bench results)
	$(MVN) clean

-include make/*.mk
