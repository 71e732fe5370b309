package dev.synchook.plan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.context.SyncPhase;
import dev.synchook.render.Yaml;
import dev.synchook.tekton.TektonResources;
import dev.synchook.testing.Cli;
import dev.synchook.testing.ClusterResource;
import dev.synchook.testing.NotificationTemplate;
import dev.synchook.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * One sync, one run, whichever door it comes through: for every Application fixture, a webhook delivery
 * (the minimal payload, the rest discovered), the hook's {@code trigger} (everything discovered) and
 * the full payload the shipped template renders all name the same run, and {@code render} prints
 * exactly what the webhook created. On the mock and, unchanged, on a real API server.
 */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = OnePathConfigResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnePathTest {

    static final ResourceDefinitionContext APPLICATIONS = new ResourceDefinitionContext.Builder().withGroup("argoproj.io")
            .withVersion("v1alpha1").withKind("Application").withPlural("applications").withNamespaced(true).build();

    @Inject
    KubernetesClient client;

    @Inject
    CommandLine.IFactory factory;

    String runs;
    String applications;

    @BeforeAll
    void namespaces() {
        runs = ConfigProvider.getConfig().getValue("synchook.namespace", String.class);
        TestNamespace.createNamed(client, runs);
        applications = TestNamespace.create(client, "one-path-apps");
    }

    @AfterAll
    void deleteNamespaces() {
        TestNamespace.delete(client, runs);
        TestNamespace.delete(client, applications);
    }

    /** The fixture as Argo CD leaves it when it notifies: the operation finished (a sync without result failed). */
    ObjectNode application(String fixture) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/applications/" + fixture + ".json")) {
            ObjectNode app = (ObjectNode) Yaml.JSON.readTree(in);
            ((ObjectNode) app.path("metadata")).put("namespace", applications);
            ObjectNode operation = (ObjectNode) app.path("status").path("operationState");
            operation.put("phase", operation.path("syncResult").isObject() ? "Succeeded" : "Failed");
            client.genericKubernetesResources(APPLICATIONS).inNamespace(applications)
                    .resource(Yaml.JSON.treeToValue(app, GenericKubernetesResource.class)).create();
            return app;
        }
    }

    static ValidatableResponse post(JsonNode body) {
        return given().header("Authorization", "Bearer " + OnePathConfigResource.TOKEN).contentType("application/json")
                .body(body.toString()).when().post("/v1/argocd/sync").then();
    }

    @ParameterizedTest
    @ValueSource(strings = {"single-source", "multi-source", "helm", "oci", "no-sync-result", "argocd-3.0"})
    void bothDoorsGiveTheSameRun(String fixture) throws Exception {
        ObjectNode app = application(fixture);
        String name = app.path("metadata").path("name").asText();
        JsonNode operation = app.path("status").path("operationState");
        String phase = SyncPhase.ofOperation(operation.path("phase").asText()).orElseThrow().argoName();

        ObjectNode minimal = Yaml.JSON.createObjectNode();
        minimal.putObject("app").put("name", name).put("namespace", applications);
        minimal.putObject("operation").put("phase", operation.path("phase").asText()).put("startedAt", operation.path("startedAt").asText());
        String run = post(minimal).statusCode(201).body("outcome", equalTo("created")).body("phase", equalTo(phase))
                .extract().path("name");

        Path log = Files.createTempFile("termination", ".log");
        Cli.Result hook = Cli.run(factory, "trigger", "--app", name, "--argocd-namespace", applications,
                "--termination-log", log.toString());
        assertThat(hook.exitCode()).as(hook.toString()).isZero();
        JsonNode summary = Yaml.JSON.readTree(hook.lastLine());
        assertThat(summary.path("outcome").asText()).as(hook.toString()).isEqualTo("adopted");
        assertThat(summary.path("name").asText()).isEqualTo(run);

        post(NotificationTemplate.render(app)).statusCode(200).body("outcome", equalTo("adopted")).body("name", equalTo(run));

        Cli.Result render = Cli.run(factory, "render", "-o", "json", "--app", name, "--argocd-namespace", applications);
        assertThat(render.exitCode()).as(render.toString()).isZero();
        JsonNode rendered = Yaml.JSON.readTree(render.out());
        List<GenericKubernetesResource> created = client.genericKubernetesResources(TektonResources.pipelineRuns("v1"))
                .inNamespace(runs).withLabel("synchook.dev/app", name).list().getItems();
        assertThat(created).hasSize(1);
        JsonNode webhookRun = Yaml.JSON.valueToTree(created.get(0));
        assertThat(rendered.path("metadata").path("name").asText()).isEqualTo(run);
        assertThat(rendered.path("metadata").path("labels")).isEqualTo(webhookRun.path("metadata").path("labels"));
        assertThat(rendered.path("metadata").path("annotations")).isEqualTo(webhookRun.path("metadata").path("annotations"));
        assertThat(rendered.path("spec")).isEqualTo(webhookRun.path("spec"));
    }
}
