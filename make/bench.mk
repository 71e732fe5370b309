# make bench: start-up cost of one PipelineRun create, kubectl vs curl vs `synchook trigger` (docs/performance.md).
# BENCH_ROUNDS (10), BENCH_BURST (20), BENCH_KUBECONFIG (a real cluster instead of the mock API server),
# BENCH_VARIANTS ('label|VAR=value|...;label|...': launcher variants side by side). Results in target/bench/.
BENCH_CP := target/bench/classpath.txt

.PHONY: bench bench-classpath

bench-classpath: ## write the test classpath the benchmark runs with (target/bench/classpath.txt)
	$(MVN) -q test-compile dependency:build-classpath -Dmdep.outputFile=$(BENCH_CP) -Dmdep.includeScope=test

bench: archive bench-classpath ## measure start-up: kubectl vs curl vs synchook trigger (BENCH_ROUNDS, BENCH_KUBECONFIG)
	python3 bench/bench.py
