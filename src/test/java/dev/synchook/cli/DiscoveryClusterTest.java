package dev.synchook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.render.Yaml;
import dev.synchook.tekton.TektonResources;
import dev.synchook.testing.Cli;
import dev.synchook.testing.ClusterResource;
import dev.synchook.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * Zero wiring: a hook Job as Argo CD leaves it, next to an Application whose operation carries a
 * sync result, is all {@code trigger} needs.
 */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscoveryClusterTest {

    static final String SHA = "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39";
    static final ResourceDefinitionContext APPLICATIONS = new ResourceDefinitionContext.Builder().withGroup("argoproj.io")
            .withVersion("v1alpha1").withKind("Application").withPlural("applications").withNamespaced(true).build();

    @Inject
    CommandLine.IFactory factory;

    @Inject
    KubernetesClient client;

    String namespace;

    @BeforeAll
    void createJobAndApplication() throws Exception {
        namespace = TestNamespace.create(client, "synchook-discovery");
        Job job = new JobBuilder().withNewMetadata().withName("synchook-postsync").withNamespace(namespace)
                .addToAnnotations("argocd.argoproj.io/hook", "PostSync")
                .addToAnnotations("argocd.argoproj.io/hook-delete-policy", "BeforeHookCreation")
                .addToAnnotations("argocd.argoproj.io/tracking-id", "guestbook:batch/Job:" + namespace + "/synchook-postsync")
                .endMetadata()
                .withNewSpec().withSuspend(true).withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("synchook").withImage("ghcr.io/synchook/synchook:0.1.0").endContainer()
                .endSpec().endTemplate().endSpec().build();
        client.batch().v1().jobs().inNamespace(namespace).resource(job).create();

        try (InputStream in = getClass().getResourceAsStream("/applications/single-source.json")) {
            ObjectNode app = (ObjectNode) Yaml.JSON.readTree(in);
            ((ObjectNode) app.path("metadata")).put("namespace", namespace);
            client.genericKubernetesResources(APPLICATIONS).inNamespace(namespace)
                    .resource(Yaml.JSON.treeToValue(app, GenericKubernetesResource.class)).create();
        }
    }

    @AfterAll
    void deleteNamespace() {
        TestNamespace.delete(client, namespace);
    }

    private String[] hook(String command, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(command, "--job-name", "synchook-postsync",
                "--pod-namespace", namespace, "--argocd-namespace", namespace));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void triggerWithNoExplicitContextCreatesTheRunOfTheSyncedCommitAndImage() throws Exception {
        Cli.Result result = Cli.run(factory, hook("trigger", "-n", namespace, "--pipeline", "post-deploy-verify",
                "-p", "revision={{ revision }}", "-p", "repo={{ repo_url }}", "-p", "image-tag={{ image_tag }}",
                "-p", "previous={{ previous_revision }}", "--image-from", "Deployment/guestbook-ui", "--termination-log", ""));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode summary = Yaml.JSON.readTree(result.lastLine());
        assertThat(summary.path("app").asText()).isEqualTo("guestbook");
        assertThat(summary.path("revision").asText()).isEqualTo(SHA);
        assertThat(summary.path("imageTag").asText()).isEqualTo("1.4.2");
        GenericKubernetesResource run = client.genericKubernetesResources(TektonResources.pipelineRuns("v1"))
                .inNamespace(namespace).withName(summary.path("name").asText()).get();
        JsonNode params = Yaml.JSON.valueToTree(run.getAdditionalProperties().get("spec")).path("params");
        assertThat(params.toString()).contains("\"value\":\"" + SHA + "\"")
                .contains("\"value\":\"https://github.com/acme/guestbook-config.git\"")
                .contains("\"value\":\"1.4.2\"").contains("\"value\":\"2222222222222222222222222222222222222222\"");
        // the operation is the Application's operation start, the number Argo CD puts in generated hook names
        assertThat(run.getMetadata().getLabels()).containsEntry("synchook.dev/operation", "1763900000");

        Cli.Result again = Cli.run(factory, hook("trigger", "-n", namespace, "--pipeline", "post-deploy-verify",
                "-p", "revision={{ revision }}", "--termination-log", ""));
        // a retried hook pod of the same operation meets the run the first one created
        JsonNode retried = Yaml.JSON.readTree(again.lastLine());
        assertThat(retried.path("outcome").asText()).as(again.toString()).isEqualTo("adopted");
        assertThat(retried.path("name").asText()).isEqualTo(summary.path("name").asText());
    }

    @Test
    void contextShowsWhereEachValueCameFrom() throws Exception {
        Cli.Result result = Cli.run(factory, hook("context", "-o", "json", "--image-repository", "redis"));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode values = Yaml.JSON.readTree(result.out()).path("values");
        assertThat(values.path("app_name").path("source").asText())
                .isEqualTo("job " + namespace + "/synchook-postsync annotation argocd.argoproj.io/tracking-id");
        assertThat(values.path("revision").path("source").asText())
                .isEqualTo("application " + namespace + "/guestbook .status.operationState.syncResult.revision");
        assertThat(values.path("image").path("value").asText()).isEqualTo("redis:7.2");
        assertThat(values.path("phase").path("source").asText()).contains("annotation argocd.argoproj.io/hook");
        assertThat(values.path("initiated_by").path("value").asText()).isEqualTo("alice@example.com");

        Cli.Result text = Cli.run(factory, hook("context"));
        assertThat(text.out()).contains("revision").contains(SHA)
                .contains("application " + namespace + "/guestbook .status.operationState.syncResult.revision");
    }

    @Test
    void aMissingApplicationIsExitTwoNamingWhatWasTried() {
        Cli.Result result = Cli.run(factory, "trigger", "--job-name", "synchook-postsync", "--pod-namespace", namespace,
                "--argocd-namespace", "no-such-namespace", "-n", namespace, "--pipeline", "verify", "--termination-log", "");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("needs revision, which has no value")
                .contains("application no-such-namespace/guestbook: not found").contains("pass --revision");
    }
}
