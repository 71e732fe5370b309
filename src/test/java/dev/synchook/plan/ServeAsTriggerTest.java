package dev.synchook.plan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.render.Yaml;
import dev.synchook.tekton.TektonResources;
import dev.synchook.testing.Cli;
import dev.synchook.testing.ClusterResource;
import dev.synchook.testing.NotificationTemplate;
import dev.synchook.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * serve honours every setting that shapes a run: a route with a resolver pipeline, the --config file's
 * phases and an on-syncfail template give the run that trigger renders with the same settings and the
 * route's keys as flags, for PostSync and for SyncFail.
 */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ServeAsTriggerConfigResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeAsTriggerTest {

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
        applications = TestNamespace.create(client, "serve-as-trigger-apps");
    }

    @AfterAll
    void deleteNamespaces() {
        TestNamespace.delete(client, runs);
        TestNamespace.delete(client, applications);
    }

    @ParameterizedTest
    @CsvSource({"resolver-ok, Succeeded", "resolver-failed, Failed"})
    void theWebhookCreatesWhatTriggerRenders(String app, String operationPhase) throws Exception {
        ObjectNode application;
        try (InputStream in = getClass().getResourceAsStream("/applications/single-source.json")) {
            application = (ObjectNode) Yaml.JSON.readTree(in);
        }
        ((ObjectNode) application.path("metadata")).put("name", app).put("namespace", applications);
        ((ObjectNode) application.path("status").path("operationState")).put("phase", operationPhase);
        client.genericKubernetesResources(OnePathTest.APPLICATIONS).inNamespace(applications)
                .resource(Yaml.JSON.treeToValue(application, GenericKubernetesResource.class)).create();

        String name = given().header("Authorization", "Bearer " + ServeAsTriggerConfigResource.TOKEN).contentType("application/json")
                .body(NotificationTemplate.render(application).toString()).when().post("/v1/argocd/sync").then().statusCode(201)
                .extract().path("name");

        Cli.Result render = Cli.run(factory, "render", "-o", "json", "--app", app, "--argocd-namespace", applications,
                "--pipeline-resolver", "git", "--pipeline-param", "url=https://github.com/acme/pipelines.git",
                "--pipeline-param", "revision=main", "--pipeline-param", "pathInRepo=verify.yaml",
                "-p", "commit={{ revision }}", "-l", "route=resolver");
        assertThat(render.exitCode()).as(render.toString()).isZero();
        JsonNode rendered = Yaml.JSON.readTree(render.out());
        JsonNode created = Yaml.JSON.valueToTree(client.genericKubernetesResources(TektonResources.pipelineRuns("v1"))
                .inNamespace(runs).withName(name).get());
        assertThat(rendered.path("metadata").path("name").asText()).isEqualTo(name);
        assertThat(rendered.path("metadata").path("labels")).isEqualTo(created.path("metadata").path("labels"));
        assertThat(rendered.path("metadata").path("annotations")).isEqualTo(created.path("metadata").path("annotations"));
        assertThat(rendered.path("spec")).isEqualTo(created.path("spec"));
        if (operationPhase.equals("Succeeded")) {
            // the route's resolver pipeline, the config file's params and its PostSync section
            assertThat(created.path("spec").path("pipelineRef").path("resolver").asText()).isEqualTo("git");
            assertThat(created.path("spec").path("timeouts").path("pipeline").asText()).isEqualTo("15m");
            assertThat(created.path("metadata").path("annotations").path("gate").asText()).isEqualTo("smoke");
            assertThat(created.path("spec").path("params").toString()).contains("\"commit\"").contains("\"app\"");
        } else {
            // the on-syncfail template: the rollback to the previous revision
            assertThat(created.path("spec").path("pipelineRef").path("params").toString()).contains("pipelines/rollback.yaml");
            assertThat(created.path("spec").path("params").toString()).contains("to-revision")
                    .contains("2222222222222222222222222222222222222222");
        }
        assertThat(created.path("metadata").path("labels").path("route").asText()).isEqualTo("resolver");
    }
}
