package dev.synchook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.render.Yaml;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a real process: configuration errors end the process with the documented
 * exit code and one line, trigger's JSON summary is the last stdout line on failure too, and settings
 * take the documented precedence.
 */
class ProcessExitIT {

    @TempDir
    Path dir;

    record Ended(int exitCode, String out, String err) {
    }

    private Ended run(String... args) throws Exception {
        return run(List.of(), java.util.Map.of(), args);
    }

    private Ended run(List<String> jvmOptions, java.util.Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", System.getProperty("synchook.jar")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("SYNCHOOK_LOG_FORMAT", "text");
        builder.environment().putAll(env);
        // No cluster: a kubeconfig that names an unreachable server, so nothing can reach a real one by accident.
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: none, cluster: {server: "https://127.0.0.1:9"}}]
                contexts: [{name: none, context: {cluster: none, user: none, namespace: ci}}]
                current-context: none
                users: [{name: none, user: {token: none}}]
                """);
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.redirectOutput(dir.resolve("stdout").toFile());
        builder.redirectError(dir.resolve("stderr").toFile());
        Process process = builder.start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("synchook ended").isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Ended(process.exitValue(), Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8));
    }

    @Test
    void serveWithABadRoutesFileExitsTwoWithOneLine() throws Exception {
        Path routes = Files.writeString(dir.resolve("routes.yaml"), "routes:\n  - apps: [guestbook]\n    pipelin: typo\n");
        Ended ended = run("serve", "--port", "0", "--routes", routes.toString());
        assertThat(ended.exitCode()).as(ended.toString()).isEqualTo(2);
        List<String> errors = ended.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertThat(errors).as(ended.err()).hasSize(1);
        assertThat(errors.get(0)).contains("pipelin");
        assertThat(ended.err()).as("no stack trace").doesNotContain("\tat ");

        Ended missing = run("serve", "--port", "0", "--routes", dir.resolve("absent.yaml").toString());
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.err()).contains("error: ").contains("absent.yaml").doesNotContain("\tat ");
    }

    @Test
    void triggerEndsWithTheJsonSummaryOnStdoutWhenItFails() throws Exception {
        Ended badFlag = run("trigger", "--termination-log", dir.resolve("termination-log").toString(), "--wait-timeout", "soon");
        assertThat(badFlag.exitCode()).as(badFlag.toString()).isEqualTo(2);
        List<String> lines = badFlag.out().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(badFlag.toString()).isNotEmpty();
        JsonNode summary = Yaml.JSON.readTree(lines.get(lines.size() - 1));
        assertThat(summary.path("exitCode").asInt()).isEqualTo(2);
        assertThat(summary.path("outcome").asText()).isEqualTo("failed");
        assertThat(Files.readString(dir.resolve("termination-log")).strip()).isEqualTo(lines.get(lines.size() - 1));

        Ended unreachable = run("trigger", "--termination-log", "", "--app", "guestbook", "--revision", "4f2a9c1e8b7d",
                "--operation-id", "1", "--pipeline", "verify", "-n", "ci", "--no-discover");
        assertThat(unreachable.exitCode()).as(unreachable.toString()).isEqualTo(3);
        List<String> out = unreachable.out().lines().filter(l -> !l.isBlank()).toList();
        assertThat(Yaml.JSON.readTree(out.get(out.size() - 1)).path("exitCode").asInt()).as(unreachable.toString()).isEqualTo(3);
    }

    /** The README's order: the flag, then a -D system property, then the SYNCHOOK_* environment. */
    @Test
    void aSystemPropertyBeatsTheEnvironmentAndAFlagBeatsBoth() throws Exception {
        String[] render = {"render", "--no-discover", "--app", "guestbook", "--revision", "4f2a9c1e8b7d", "--operation-id", "1",
            "-n", "ci", "-o", "json"};
        Ended fromProperty = run(List.of("-Dsynchook.pipeline=from-property"), java.util.Map.of("SYNCHOOK_PIPELINE", "from-env"), render);
        assertThat(fromProperty.exitCode()).as(fromProperty.toString()).isZero();
        assertThat(Yaml.JSON.readTree(fromProperty.out()).at("/spec/pipelineRef/name").asText()).isEqualTo("from-property");

        List<String> withFlag = new ArrayList<>(List.of(render));
        withFlag.addAll(List.of("--pipeline", "from-flag"));
        Ended fromFlag = run(List.of("-Dsynchook.pipeline=from-property"), java.util.Map.of("SYNCHOOK_PIPELINE", "from-env"),
                withFlag.toArray(String[]::new));
        assertThat(Yaml.JSON.readTree(fromFlag.out()).at("/spec/pipelineRef/name").asText()).as(fromFlag.toString()).isEqualTo("from-flag");
    }
}
