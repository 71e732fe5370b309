# make archive: the class-data archive bin/synchook picks up (docs/performance.md). JAVA selects the JVM:
# JDK 17-24 writes target/quarkus-app/synchook-<feature>.jsa (AppCDS), JDK 25+ synchook-<feature>.aot (AOT cache).
# The archive belongs to one JVM build and one build of the jar; the launcher ignores it silently otherwise.
.PHONY: archive

archive: build ## build, then train the class-data archive for the launcher (JAVA=... for another JDK)
	$(MVN) -q test-compile
	JAVA=$(JAVA) bin/train-archive
