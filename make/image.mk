# The container image, built by Jib without a container engine (docs/image.md).
#   make image        target/image/synchook-image.tar (offline base from Debian packages, class-data archive,
#                     SBOM), from the application that `make build` packs
#   make image-test   unpack the tarball and run it as user 65532 on a read-only root: version, render, and
#                     trigger against a real API server through in-cluster configuration; start-up measured
#   make image-push   the same image pushed to IMAGE (registry credentials as Jib finds them)
# IMAGE (ghcr.io/synchook/synchook:<pom version>), IMAGE_BASE (offline: tar://target/image/base.tar; or a
# registry image such as gcr.io/distroless/java17-debian12:nonroot), IMAGE_BUILD (the prerequisite that
# packs the application: `build`; empty to take target/quarkus-app as it is, as CI does after `make test`),
# JIB_ARGS (more -D options for Jib, e.g. -Djib.to.auth.username=... -Djib.to.auth.password=...).
IMAGE_VERSION := $(shell sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
IMAGE ?= ghcr.io/synchook/synchook:$(IMAGE_VERSION)
IMAGE_DIR := target/image
IMAGE_TAR := $(IMAGE_DIR)/synchook-image.tar
IMAGE_BASE ?= offline
IMAGE_BUILD ?= build
IMAGE_REVISION = $(shell git rev-parse HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)
IMAGE_CREATED = $(shell git log -1 --format=%cI 2>/dev/null || echo 1970-01-01T00:00:01Z)
JIB = $(MVN) -f image/pom.xml -Dimage=$(IMAGE) -Dimage.version=$(IMAGE_VERSION) \
	-Dimage.revision=$(IMAGE_REVISION) -Dimage.created=$(IMAGE_CREATED) \
	$(if $(filter offline,$(IMAGE_BASE)),-Dimage.base=tar://$(CURDIR)/$(IMAGE_DIR)/base.tar \
	-Dimage.base.name=synchook-base:offline,-Dimage.base=$(IMAGE_BASE)) $(JIB_ARGS)

.PHONY: image image-base image-extra image-test image-push

image: image-extra ## OCI image tarball with Jib, no daemon (IMAGE, IMAGE_BASE; docs/image.md)
	$(JIB) jib:buildTar
	python3 image/sbom.py report $(IMAGE_DIR)

# The offline base and, for it, the class-data archive trained with the base's own java; the SBOM.
image-extra: $(IMAGE_BUILD) ## the step image and image-push share: offline base, trained class-data archive, SBOM
	@test -f $(APP_JAR) || { echo "image: $(APP_JAR) is missing; run 'make build' first" >&2; exit 1; }
	@test -f target/test-classes/dev/synchook/bench/TrainingApiServer.class || $(MVN) -q test-compile
	rm -rf $(IMAGE_DIR)/extra $(IMAGE_DIR)/jib && mkdir -p $(IMAGE_DIR)/extra $(IMAGE_DIR)/jib/classes
ifeq ($(IMAGE_BASE),offline)
	python3 image/base.py target/quarkus-app $(IMAGE_DIR)
	python3 image/train.py $(IMAGE_DIR)/base.tar target/quarkus-app src/main/jvm target/test-classes $(IMAGE_DIR)/extra
endif
	python3 image/sbom.py write $(IMAGE_DIR) target/quarkus-app $(IMAGE_DIR)/extra/sbom.cdx.json

image-test: image ## run the image's root file system here: no shell, uid 65532, read-only root, real API server
	python3 image/test.py $(IMAGE_TAR)

image-push: image-extra ## push the image to IMAGE's registry with Jib (docs/image.md)
	$(JIB) jib:build
