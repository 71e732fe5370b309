package dev.synchook.tekton;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.render.RunIdentity;
import dev.synchook.render.Yaml;
import dev.synchook.testing.Cli;
import dev.synchook.testing.ClusterResource;
import dev.synchook.testing.Eventually;
import dev.synchook.testing.MockApiServer;
import dev.synchook.testing.TektonStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * An older Tekton that serves pipelineruns only in v1beta1: create, wait, prune and the webhook's
 * readiness all use the version the process learned. Mock only: a real API server here serves the
 * v1 CRDs, and v1beta1 there needs Tekton's conversion webhook.
 */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.MockOnly.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class V1beta1OnlyClusterTest {

    private static final String NS = "old-tekton";

    @MockApiServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Inject
    Tekton tekton;

    @Inject
    CommandLine.IFactory factory;

    @BeforeAll
    void olderTekton() {
        server.getKubernetesMockServer().clearExpectations();
        tekton.forgetServedVersion();
        server.expect().post().withPath("/apis/tekton.dev/v1/namespaces/" + NS + "/pipelineruns?fieldValidation=Strict")
                .andReturn(404, new StatusBuilder().withCode(404).withMessage("the server could not find the requested resource").build())
                .always();
        ClusterResource.serveTektonDiscovery(server, "v1beta1");
    }

    @AfterAll
    void newerTektonAgain() {
        server.getKubernetesMockServer().clearExpectations();
        tekton.forgetServedVersion();
    }

    private GenericKubernetesResource finishedRun(String name, String created) {
        GenericKubernetesResource run = client.genericKubernetesResources(TektonResources.pipelineRuns("v1beta1")).inNamespace(NS)
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("tekton.dev/v1beta1").withKind("PipelineRun")
                        .withNewMetadata().withName(name).withNamespace(NS).withCreationTimestamp(created)
                        .addToLabels(RunIdentity.MANAGED_BY, RunIdentity.MANAGER).addToLabels(RunIdentity.LABEL_APP, "legacy")
                        .addToLabels(RunIdentity.LABEL_PHASE, "postsync").endMetadata()
                        .addToAdditionalProperties("spec", Map.of("pipelineRef", Map.of("name", "verify"))).build()).create();
        new TektonStatus(client, NS, "v1beta1").runStatus(name, TektonStatus.condition("True", "Succeeded", "done"), List.of(), List.of());
        return run;
    }

    @Test
    void triggerWaitKeepWaitPruneAndReadinessUseV1beta1() throws Exception {
        finishedRun("legacy-old-1", "2025-01-01T00:00:01Z");
        finishedRun("legacy-old-2", "2025-01-01T00:00:02Z");
        finishedRun("legacy-old-3", "2025-01-01T00:00:03Z");

        CompletableFuture<Cli.Result> trigger = CompletableFuture.supplyAsync(() -> Cli.run(factory, "trigger", "-n", NS,
                "--app", "legacy", "--revision", "abc1234def", "--pipeline", "verify", "--operation-id", "7",
                "--wait", "--wait-timeout", "60s", "--keep", "2", "--termination-log", ""));
        GenericKubernetesResource created = Eventually.get(() -> client.genericKubernetesResources(TektonResources.pipelineRuns("v1beta1"))
                .inNamespace(NS).withLabel(RunIdentity.LABEL_OPERATION, "7").list().getItems(), l -> !l.isEmpty(), Duration.ofSeconds(60))
                .get(0);
        assertThat(created.getApiVersion()).isEqualTo("tekton.dev/v1beta1");
        new TektonStatus(client, NS, "v1beta1").runStatus(created.getMetadata().getName(),
                TektonStatus.condition("True", "Succeeded", "All Tasks have completed executing"), List.of(), List.of());
        Cli.Result result = trigger.get();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode summary = Yaml.JSON.readTree(result.lastLine());
        assertThat(summary.path("result").asText()).isEqualTo("Succeeded");
        // three old and the new: --keep 2 keeps the two newest old ones beside the new run
        assertThat(summary.path("pruned").asInt()).isEqualTo(1);

        Cli.Result waited = Cli.run(factory, "wait", created.getMetadata().getName(), "-n", NS, "--termination-log", "");
        assertThat(waited.exitCode()).as(waited.toString()).isZero();

        Cli.Result pruned = Cli.run(factory, "prune", "--app", "legacy", "-n", NS, "--keep", "1");
        assertThat(pruned.exitCode()).as(pruned.toString()).isZero();
        assertThat(Yaml.JSON.readTree(pruned.lastLine()).path("pruned").asInt()).isEqualTo(2);
        assertThat(client.genericKubernetesResources(TektonResources.pipelineRuns("v1beta1")).inNamespace(NS).list().getItems())
                .extracting(r -> r.getMetadata().getName()).containsExactly(created.getMetadata().getName());

        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'tekton-pipelineruns' }.data.version", equalTo("v1beta1"));
    }
}
