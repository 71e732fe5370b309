package dev.synchook.tekton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import dev.synchook.kube.ApiRetry;
import dev.synchook.render.Yaml;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TektonRunsUnreachableTest {

    @Test
    void connectionRefusedIsRetriedThenExitThree() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AtomicInteger waits = new AtomicInteger();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:" + closedPort).withTrustCerts(true).withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(2000).build()).build()) {
            TektonRuns runs = new TektonRuns(client, new ApiRetry(new ApiRetry.Policy(3, Duration.ofMillis(1), Duration.ofMillis(1)),
                    d -> waits.incrementAndGet()), new ServedVersion());
            ObjectNode run = (ObjectNode) Yaml.MAPPER.readTree("""
                    apiVersion: tekton.dev/v1
                    kind: PipelineRun
                    metadata: {name: r1, namespace: ci}
                    spec: {pipelineRef: {name: p}}
                    """);
            assertThatThrownBy(() -> runs.createOnce(run)).isInstanceOfSatisfying(SynchookException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCode.API_UNAVAILABLE);
                assertThat(e.oneLine()).contains("Kubernetes API unavailable").contains("failed 3 times");
            });
        }
        assertThat(waits).hasValue(2);
    }
}
