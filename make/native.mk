# make native-sources: run the native build up to, not including, native-image (reflection, resources and
# the native-image arguments land in target/native-sources/). For machines without GraalVM/Mandrel.
.PHONY: native-sources

native-sources: ## check the native build configuration without native-image (target/native-sources)
	$(MVN) package -Dnative -Dquarkus.native.sources-only=true -DskipTests
