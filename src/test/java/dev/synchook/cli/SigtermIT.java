package dev.synchook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.render.Yaml;
import dev.synchook.tekton.TektonResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to a real {@code synchook trigger --wait} process (what Argo CD does when it terminates
 * the operation): the run is cancelled as {@code --on-timeout} says, the summary is written, the
 * process ends with the documented exit code 4. Runs the packaged jar, so it belongs to {@code verify}.
 */
class SigtermIT {

    private KubernetesMockServer server;
    private KubernetesClient client;
    private Path dir;

    @BeforeEach
    void startApiServer() throws Exception {
        var responses = new HashMap<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>();
        var pipelineRuns = new CustomResourceDefinitionContext.Builder().withGroup("tekton.dev").withVersion("v1")
                .withKind("PipelineRun").withPlural("pipelineruns").withScope("Namespaced").build();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses, List.of(pipelineRuns)), true);
        server.init();
        client = server.createClient();
        dir = Files.createTempDirectory("synchook-sigterm");
        Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                contexts: [{name: mock, context: {cluster: mock, user: mock, namespace: ci}}]
                current-context: mock
                users: [{name: mock, user: {token: mock}}]
                """.formatted(client.getMasterUrl()));
    }

    @AfterEach
    void stopApiServer() {
        client.close();
        server.destroy();
    }

    @Test
    void sigtermWhileWaitingCancelsTheRunAndWritesTheSummary() throws Exception {
        Path terminationLog = dir.resolve("termination-log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", System.getProperty("synchook.jar"), "trigger",
                "--app", "guestbook", "--revision", "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39", "--operation-id", "1763900000",
                "--pipeline", "verify", "-n", "ci", "--wait", "--wait-timeout", "5m", "--on-timeout", "cancel-run-finally",
                "--termination-log", terminationLog.toString());
        builder.environment().put("KUBECONFIG", dir.resolve("kubeconfig").toString());
        builder.environment().put("SYNCHOOK_LOG_FORMAT", "text");
        builder.redirectOutput(dir.resolve("stdout").toFile());
        Process process = builder.start();
        try {
            CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> seen(process, "waiting for PipelineRun"));
            assertThat(waiting.get(120, TimeUnit.SECONDS)).as("synchook started waiting").isTrue();

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("synchook ended after SIGTERM").isTrue();
            // The documented code, not the JVM's 128+15 for a signal.
            assertThat(process.exitValue()).as("exit status after SIGTERM while waiting").isEqualTo(4);
        } finally {
            process.destroyForcibly();
        }

        JsonNode summary = Yaml.JSON.readTree(Files.readString(terminationLog));
        assertThat(summary.path("result").asText()).isEqualTo("Terminated");
        assertThat(summary.path("exitCode").asInt()).isEqualTo(4);
        assertThat(Files.readString(dir.resolve("stdout")).strip()).endsWith(Files.readString(terminationLog).strip());
        GenericKubernetesResource run = client.genericKubernetesResources(TektonResources.pipelineRuns("v1")).inNamespace("ci")
                .withName(summary.path("name").asText()).get();
        @SuppressWarnings("unchecked")
        var spec = (java.util.Map<String, Object>) run.getAdditionalProperties().get("spec");
        assertThat(spec).containsEntry("status", "CancelledRunFinally");
    }

    /** Reads the process's stderr until a line holds {@code text}; keeps draining it afterwards. */
    private static boolean seen(Process process, String text) {
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        try {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                if (line.contains(text)) {
                    Thread drain = new Thread(() -> err.lines().forEach(l -> { }));
                    drain.setDaemon(true);
                    drain.start();
                    return true;
                }
            }
        } catch (java.io.IOException e) {
            return false;
        }
        return false;
    }
}
