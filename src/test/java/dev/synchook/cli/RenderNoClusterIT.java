package dev.synchook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.render.Yaml;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When {@code render} reads the cluster, on the packaged jar as a user runs it: never without a configured
 * cluster, and with one only when a value the run uses is missing that the Job or the Application could
 * give; the operation alone is not such a value.
 */
class RenderNoClusterIT {

    static final String SHA = "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39";

    record Run(int exitCode, String out, String err) {
    }

    private static Run render(Path home, String kubeconfig, String... extra) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Duser.home=" + home, "-jar", System.getProperty("synchook.jar"),
                "render", "--app", "guestbook", "--revision", SHA, "--pipeline", "verify", "-n", "ci"));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("KUBERNETES_") || k.equals("KUBECONFIG") || k.startsWith("SYNCHOOK_"));
        builder.environment().put("HOME", home.toString());
        if (kubeconfig != null) {
            builder.environment().put("KUBECONFIG", kubeconfig);
        }
        builder.redirectError(home.resolve("stderr").toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), out, Files.readString(home.resolve("stderr")));
    }

    @Test
    void withNoClusterConfiguredRenderReadsNothingAndDoesNotWait(@TempDir Path home) throws Exception {
        Run run = render(home, null);

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode rendered = Yaml.MAPPER.readTree(run.out());
        assertThat(rendered.path("spec").path("pipelineRef").path("name").asText()).isEqualTo("verify");
        assertThat(run.err()).doesNotContainIgnoringCase("retry").doesNotContainIgnoringCase("connect");
    }

    /**
     * A kubeconfig names an API server (a socket counting connections): with app, app namespace, revision and
     * phase given, nothing is read, although the operation is unknown.
     */
    @Test
    void withAClusterConfiguredTheOperationAloneReadsNothing(@TempDir Path home) throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket apiServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                while (!apiServer.isClosed()) {
                    try (Socket socket = apiServer.accept()) {
                        connections.incrementAndGet();
                    } catch (Exception closed) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
            Path kubeconfig = home.resolve("kubeconfig");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: c, cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: true}}]
                    contexts: [{name: c, context: {cluster: c, user: u, namespace: ci}}]
                    current-context: c
                    users: [{name: u, user: {token: t}}]
                    """.formatted(apiServer.getLocalPort()));

            Run run = render(home, kubeconfig.toString(), "--phase", "PostSync", "--app-namespace", "guestbook");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(connections.get()).as("connections to the API server").isZero();
            // and with a value only the Application has, it is read: the server does not answer, so the value
            // is missing for want of the API, exit 3, and the message names the read
            Run needsApplication = render(home, kubeconfig.toString(), "--phase", "PostSync", "--app-namespace", "guestbook",
                    "-p", "prev={{ previous_revision }}");
            assertThat(needsApplication.exitCode()).as(needsApplication.err()).isEqualTo(3);
            assertThat(needsApplication.err()).contains("previous_revision").contains("application ");
            assertThat(connections.get()).as("connections to the API server").isPositive();
        }
    }
}
