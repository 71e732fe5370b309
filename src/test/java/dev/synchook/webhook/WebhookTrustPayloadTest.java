package dev.synchook.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.render.Yaml;
import dev.synchook.tekton.TektonResources;
import dev.synchook.testing.ClusterResource;
import dev.synchook.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code synchook.webhook.trust-payload=true}: an operation the Application does not record runs on the
 * payload's word, except on a route that says {@code trustPayload: false}; a contradiction is refused either way.
 */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TrustingConfigResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookTrustPayloadTest {

    private static final AtomicLong OPERATION = new AtomicLong(1_765_000_000L);
    private static final ResourceDefinitionContext APPLICATIONS = new ResourceDefinitionContext.Builder()
            .withGroup("argoproj.io").withVersion("v1alpha1").withKind("Application").withPlural("applications")
            .withNamespaced(true).build();

    @Inject
    KubernetesClient client;

    @MockApiServer
    KubernetesServer mock;

    String namespace;

    @BeforeAll
    void prepareCluster() {
        namespace = ConfigProvider.getConfig().getValue("synchook.namespace", String.class);
        for (String ns : List.of(namespace, "argocd")) {
            if (client.namespaces().withName(ns).get() == null) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
            }
        }
        if (mock != null) {
            mock.expect().get().withPath("/apis/tekton.dev/v1")
                    .andReturn(200, "{\"kind\":\"APIResourceList\",\"groupVersion\":\"tekton.dev/v1\","
                            + "\"resources\":[{\"name\":\"pipelineruns\",\"namespaced\":true,\"kind\":\"PipelineRun\"}]}")
                    .always();
        }
    }

    @AfterAll
    void deleteNamespace() {
        client.namespaces().withName(namespace).delete();
    }

    static ValidatableResponse post(ObjectNode body) {
        return given().header("Authorization", "Bearer " + TrustingConfigResource.TOKEN).contentType("application/json")
                .body(body.toString()).when().post("/v1/argocd/sync").then();
    }

    List<GenericKubernetesResource> runsOf(long operation) {
        return client.genericKubernetesResources(TektonResources.pipelineRuns("v1")).inNamespace(namespace)
                .withLabel("synchook.dev/operation", Long.toString(operation)).list().getItems();
    }

    @Test
    void anUnconfirmedOperationRunsOnThePayloadsWordExceptOnAStrictRoute() throws Exception {
        long op = OPERATION.incrementAndGet();
        // no Application records these operations
        post(WebhookSyncTest.payload("trusted-" + op, op)).statusCode(201);
        assertThat(runsOf(op)).hasSize(1);
        post(WebhookSyncTest.payload("strict-" + op, op)).statusCode(202).body("outcome", equalTo("unconfirmed"));
        assertThat(runsOf(op)).hasSize(1);
    }

    @Test
    void aContradictionIsRefusedEvenWhenPayloadsAreTrusted() throws Exception {
        long op = OPERATION.incrementAndGet();
        String app = "trusted-app-" + op;
        ObjectNode application = (ObjectNode) WebhookPayloadTest.resource("application-guestbook.json");
        ((ObjectNode) application.path("metadata")).put("name", app);
        ((ObjectNode) application.path("status").path("operationState")).put("startedAt", Instant.ofEpochSecond(op).toString());
        client.genericKubernetesResources(APPLICATIONS).inNamespace("argocd")
                .resource(Yaml.JSON.convertValue(application, GenericKubernetesResource.class)).create();
        post(WebhookSyncTest.with(WebhookSyncTest.payload(app, op), "images", List.of("ghcr.io/evil/app:1")))
                .statusCode(409).body("field", equalTo("images"));
        assertThat(runsOf(op)).isEmpty();
    }
}
