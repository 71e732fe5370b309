# Webhook mode (docs/webhook.md).
.PHONY: bench-webhook manifests-webhook

bench-webhook: $(APP_JAR) ## load test of `synchook serve` on loopback against a fake API server
	python3 bench/webhook_load.py $(BENCH_ARGS)

manifests-webhook: ## render the webhook Deployment and the Argo CD Notifications component (over an example ConfigMap)
	kubectl kustomize manifests/webhook
	kubectl kustomize examples/argocd-notifications
