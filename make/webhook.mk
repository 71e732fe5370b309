# Webhook mode (docs/webhook.md).
.PHONY: bench-webhook manifests-webhook

bench-webhook: $(APP_JAR) ## load test of `synchook serve` against a fake API server, or a real one with BENCH_KUBECONFIG (vs raw POSTs)
	python3 bench/webhook_load.py $(BENCH_ARGS)

manifests-webhook: ## render the webhook Deployment and the Argo CD Notifications component (over an example ConfigMap)
	kubectl kustomize manifests/webhook
	kubectl kustomize examples/argocd-notifications
