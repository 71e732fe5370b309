package dev.synchook.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Assumptions;

/**
 * The record of tests that could not run for lack of a real API server: one line per test in
 * {@code target/cluster-report/not-run.txt}, and the test aborted with the same text. CI runs with a
 * server and fails when this file has a line, so nothing that needs a server is skipped silently there.
 */
public final class ClusterReport {

    /** The words every line of the report holds; CI looks for them. */
    public static final String NOT_RUN = "not run for lack of a server";

    private ClusterReport() {
    }

    public static Path file() {
        return Path.of(System.getProperty("user.dir"), "target", "cluster-report", "not-run.txt");
    }

    /** Records that {@code test} needs a real API server for {@code why}, and aborts it. */
    public static void notRun(Class<?> test, String why) {
        Assumptions.abort(record(test, why + "; set " + ClusterResource.KUBECONFIG_ENV + " to a kubeconfig, or run `make test-cluster`"));
    }

    /**
     * Records that {@code test} ran on the mock only, although a real server was given for the others
     * (it needs more servers than one), without aborting it.
     */
    public static void ranOnMockOnly(Class<?> test, String why) {
        record(test, why);
    }

    private static String record(Class<?> test, String why) {
        String line = test.getName() + ": " + NOT_RUN + " (" + why + ")";
        try {
            Files.createDirectories(file().getParent());
            Files.writeString(file(), line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(), e);
        }
        return line;
    }
}
