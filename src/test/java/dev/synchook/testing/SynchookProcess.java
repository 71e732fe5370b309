package dev.synchook.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}, system property
 * {@code synchook.jar}, set for {@code *IT} tests) run as a process of its own, as a hook pod runs it:
 * its only credentials are the given kubeconfig; no SYNCHOOK_* or ARGOCD_* variable of the test's
 * environment leaks into it.
 */
public final class SynchookProcess {

    private static final AtomicInteger COUNT = new AtomicInteger();

    private final Process process;
    private final Path out;
    private final Path err;
    private final List<String> args;

    private SynchookProcess(Process process, Path out, Path err, List<String> args) {
        this.process = process;
        this.out = out;
        this.err = err;
        this.args = args;
    }

    /** Starts {@code synchook ARGS} with {@code KUBECONFIG=kubeconfig}, its output kept in files under {@code dir}. */
    public static SynchookProcess start(Path kubeconfig, Path dir, Map<String, String> env, String... args) {
        String jar = System.getProperty("synchook.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the packaged jar is missing (system property synchook.jar = " + jar
                    + "): *IT tests run in `mvn verify`, after `package`");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar));
        command.addAll(List.of(args));
        int n = COUNT.incrementAndGet();
        try {
            Files.createDirectories(dir);
            Path out = dir.resolve("synchook-" + n + ".out");
            Path err = dir.resolve("synchook-" + n + ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(k -> k.startsWith("SYNCHOOK_") || k.startsWith("ARGOCD_") || k.equals("KUBECONFIG"));
            environment.put("KUBECONFIG", kubeconfig.toString());
            environment.put("SYNCHOOK_LOG_FORMAT", "text");
            environment.putAll(env);
            return new SynchookProcess(builder.start(), out, err, List.of(args));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Runs {@code synchook ARGS} to its end (at most three minutes). */
    public static Cli.Result run(Path kubeconfig, Path dir, String... args) {
        return start(kubeconfig, dir, Map.of(), args).await(Duration.ofMinutes(3));
    }

    /** Waits for the end of the process; kills it and fails after {@code timeout}. */
    public Cli.Result await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("synchook " + String.join(" ", args) + " did not end within " + timeout
                        + "\n--- stderr\n" + Files.readString(err));
            }
            return new Cli.Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        }
    }

    /** What the process wrote to stderr so far. */
    public String errSoFar() {
        try {
            return Files.readString(err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after 30 s). */
    public void destroy() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }
}
