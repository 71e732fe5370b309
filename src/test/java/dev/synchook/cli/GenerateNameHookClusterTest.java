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
 * A hook written with {@code generateName}, created the way Argo CD creates it: the tracking id is stamped
 * before the hook is named, so its name part is empty; the name is {@code <generateName><sha7>-<phase>-<unix>};
 * the hook finalizer is set. {@code trigger} needs nothing explicit, and a retried pod adopts the same run.
 */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GenerateNameHookClusterTest {

    static final String SHA = DiscoveryClusterTest.SHA;
    static final String GENERATE_NAME = "synchook-postsync-";
    /** As Argo CD names it: generateName + revision[0:7] + "-" + phase + "-" + operation start (Unix seconds). */
    static final String JOB_NAME = GENERATE_NAME + SHA.substring(0, 7) + "-postsync-1763900000";

    @Inject
    CommandLine.IFactory factory;

    @Inject
    KubernetesClient client;

    String namespace;

    @BeforeAll
    void createHookJobAndApplication() throws Exception {
        namespace = TestNamespace.create(client, "synchook-generatename");
        Job job = new JobBuilder().withNewMetadata().withName(JOB_NAME).withGenerateName(GENERATE_NAME).withNamespace(namespace)
                .addToAnnotations("argocd.argoproj.io/hook", "PostSync")
                .addToAnnotations("argocd.argoproj.io/hook-delete-policy", "HookSucceeded")
                .addToAnnotations("argocd.argoproj.io/tracking-id", "guestbook:batch/Job:" + namespace + "/")
                .addToFinalizers("argocd.argoproj.io/hook-finalizer")
                .endMetadata()
                .withNewSpec().withSuspend(true).withBackoffLimit(2).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("synchook").withImage("ghcr.io/synchook/synchook:0.1.0").endContainer()
                .endSpec().endTemplate().endSpec().build();
        Job created = client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
        assertThat(created.getMetadata().getAnnotations()).containsEntry("argocd.argoproj.io/tracking-id", "guestbook:batch/Job:" + namespace + "/");

        try (InputStream in = getClass().getResourceAsStream("/applications/single-source.json")) {
            ObjectNode app = (ObjectNode) Yaml.JSON.readTree(in);
            ((ObjectNode) app.path("metadata")).put("namespace", namespace);
            client.genericKubernetesResources(DiscoveryClusterTest.APPLICATIONS).inNamespace(namespace)
                    .resource(Yaml.JSON.treeToValue(app, GenericKubernetesResource.class)).create();
        }
    }

    @AfterAll
    void deleteNamespace() {
        // Argo CD removes its hook finalizer when the hook is done; without that the Job would never go.
        client.batch().v1().jobs().inNamespace(namespace).withName(JOB_NAME).edit(j -> {
            j.getMetadata().setFinalizers(List.of());
            return j;
        });
        TestNamespace.delete(client, namespace);
    }

    /** What the shipped hook passes: the Job name and namespace from the downward API, nothing about the sync. */
    private Cli.Result hookPod() {
        return Cli.run(factory, "trigger", "--job-name", JOB_NAME, "--pod-namespace", namespace, "--argocd-namespace", namespace,
                "-n", namespace, "--pipeline", "post-deploy-verify", "-p", "revision={{ revision }}", "--termination-log", "");
    }

    @Test
    void aGenerateNameHookTriggersWithNoExplicitContextAndARetriedPodAdoptsTheRun() throws Exception {
        Cli.Result first = hookPod();

        assertThat(first.exitCode()).as(first.toString()).isZero();
        JsonNode summary = Yaml.JSON.readTree(first.lastLine());
        assertThat(summary.path("outcome").asText()).isEqualTo("created");
        assertThat(summary.path("app").asText()).isEqualTo("guestbook");
        assertThat(summary.path("revision").asText()).isEqualTo(SHA);
        GenericKubernetesResource run = client.genericKubernetesResources(TektonResources.pipelineRuns("v1"))
                .inNamespace(namespace).withName(summary.path("name").asText()).get();
        assertThat(run.getMetadata().getLabels()).containsEntry("synchook.dev/operation", "1763900000")
                .containsEntry("synchook.dev/app", "guestbook").containsEntry("synchook.dev/phase", "postsync");

        Cli.Result retried = hookPod();

        assertThat(retried.exitCode()).as(retried.toString()).isZero();
        JsonNode again = Yaml.JSON.readTree(retried.lastLine());
        assertThat(again.path("outcome").asText()).isEqualTo("adopted");
        assertThat(again.path("name").asText()).isEqualTo(summary.path("name").asText());
        assertThat(client.genericKubernetesResources(TektonResources.pipelineRuns("v1")).inNamespace(namespace).list().getItems())
                .hasSize(1);
    }
}
