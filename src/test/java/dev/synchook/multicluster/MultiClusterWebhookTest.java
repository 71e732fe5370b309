package dev.synchook.multicluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.render.Yaml;
import dev.synchook.tekton.TektonResources;
import dev.synchook.testing.ThreeClusters;
import dev.synchook.testing.ThreeClusters.Cluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The receiver next to Tekton, Argo CD elsewhere: {@code serve} with {@code synchook.argocd-kubeconfig} reads
 * the Application on the hub for what a notification leaves out, and with {@code synchook.tekton-kubeconfig}
 * creates the run on the CI cluster and nowhere else.
 */
@QuarkusTest
@QuarkusTestResource(value = MultiClusterWebhookTest.Settings.class, restrictToAnnotatedClass = true)
class MultiClusterWebhookTest {

    static final String TOKEN = "multi-cluster-token-19fe";
    static final String SHA = "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39";
    static final ResourceDefinitionContext APPLICATIONS = new ResourceDefinitionContext.Builder().withGroup("argoproj.io")
            .withVersion("v1alpha1").withKind("Application").withPlural("applications").withNamespaced(true).build();

    /** The three clusters, and serve's settings pointing its argocd and tekton connections at the hub and the CI cluster. */
    public static class Settings extends ThreeClusters {
        @Override
        protected Map<String, String> settings() {
            try {
                Path routes = Files.writeString(dir().resolve("routes.yaml"), """
                        routes:
                          - apps: ["shop-*"]
                            pipeline: shop-deploy
                            params: ["revision={{ revision }}", "repo={{ repo_url }}"]
                        """);
                return Map.of("synchook.webhook.token", TOKEN, "synchook.routes", routes.toString(),
                        "synchook.argocd-kubeconfig", hub().kubeconfig().toString(),
                        "synchook.tekton-kubeconfig", ci().kubeconfig().toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void aNotificationIsCompletedFromTheHubAndCreatesTheRunOnTheCiCluster() throws Exception {
        ThreeClusters clusters = ThreeClusters.current();
        Cluster hub = clusters.hub();
        Cluster ci = clusters.ci();
        String app = "shop-" + UUID.randomUUID().toString().substring(0, 6);
        String startedAt = "2025-11-23T12:13:20Z";
        try (InputStream in = getClass().getResourceAsStream("/applications/single-source.json")) {
            ObjectNode application = (ObjectNode) Yaml.JSON.readTree(in);
            ((ObjectNode) application.path("metadata")).put("namespace", hub.namespace()).put("name", app);
            // Argo CD's record once the operation the notification reports has finished
            ((ObjectNode) application.path("status").path("operationState")).put("phase", "Succeeded");
            assertThat(application.path("status").path("operationState").path("startedAt").asText()).isEqualTo(startedAt);
            hub.admin().genericKubernetesResources(APPLICATIONS).inNamespace(hub.namespace())
                    .resource(Yaml.JSON.treeToValue(application, GenericKubernetesResource.class)).create();
        }
        // No revision, no source: only the Application on the hub has them.
        String minimal = "{\"app\": {\"name\": \"" + app + "\", \"namespace\": \"" + hub.namespace() + "\"},"
                + " \"operation\": {\"phase\": \"Succeeded\", \"startedAt\": \"" + Instant.parse(startedAt) + "\"}}";

        String name = given().header("Authorization", "Bearer " + TOKEN).contentType("application/json").body(minimal)
                .when().post("/v1/argocd/sync").then().statusCode(201).body("outcome", equalTo("created"))
                .body("revision", equalTo(SHA)).body("namespace", equalTo(ci.namespace())).extract().path("name");
        given().header("Authorization", "Bearer " + TOKEN).contentType("application/json").body(minimal)
                .when().post("/v1/argocd/sync").then().statusCode(200).body("outcome", equalTo("adopted")).body("name", equalTo(name));

        List<GenericKubernetesResource> runs = ci.admin().genericKubernetesResources(TektonResources.pipelineRuns("v1"))
                .inNamespace(ci.namespace()).withLabel("synchook.dev/app", app).list().getItems();
        assertThat(runs).singleElement().satisfies(run -> assertThat(Yaml.JSON.valueToTree(run.getAdditionalProperties()
                .get("spec")).path("params").toString()).contains(SHA).contains("https://github.com/acme/guestbook-config.git"));
        assertThat(hub.admin().genericKubernetesResources(TektonResources.pipelineRuns("v1")).inAnyNamespace()
                .withLabel("synchook.dev/app", app).list().getItems()).as("runs on the hub").isEmpty();
    }
}
