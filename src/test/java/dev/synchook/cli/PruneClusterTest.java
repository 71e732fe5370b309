package dev.synchook.cli;

import static dev.synchook.testing.TektonStatus.condition;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.render.Yaml;
import dev.synchook.tekton.TektonResources;
import dev.synchook.testing.Cli;
import dev.synchook.testing.ClusterResource;
import dev.synchook.testing.TektonStatus;
import dev.synchook.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code prune} and {@code trigger --keep} against an API server. */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.class, restrictToAnnotatedClass = true)
class PruneClusterTest {

    @Inject
    CommandLine.IFactory factory;

    @Inject
    KubernetesClient client;

    String namespace;
    TektonStatus tekton;

    @BeforeEach
    void createNamespace() {
        namespace = TestNamespace.create(client, "synchook-prune");
        tekton = new TektonStatus(client, namespace);
    }

    @AfterEach
    void deleteNamespace() {
        TestNamespace.delete(client, namespace);
    }

    /** A run of synchook's; finished (succeeded or failed) unless running. */
    private void run(String name, String app, String phase, boolean running, boolean failed) {
        client.genericKubernetesResources(TektonResources.pipelineRuns("v1")).inNamespace(namespace)
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("tekton.dev/v1").withKind("PipelineRun")
                        .withNewMetadata().withName(name).withNamespace(namespace)
                        .withLabels(Map.of("app.kubernetes.io/managed-by", "synchook", "synchook.dev/app", app, "synchook.dev/phase", phase))
                        .endMetadata().addToAdditionalProperties("spec", Map.of("pipelineRef", Map.of("name", "p"))).build())
                .create();
        if (!running) {
            tekton.runStatus(name, failed ? condition("False", "Failed", "") : condition("True", "Succeeded", ""), List.of(), List.of());
        }
    }

    private List<GenericKubernetesResource> runs() {
        return client.genericKubernetesResources(TektonResources.pipelineRuns("v1")).inNamespace(namespace).list().getItems();
    }

    private static boolean finished(GenericKubernetesResource r) {
        return r.getAdditionalProperties().get("status") instanceof Map<?, ?> s && s.get("completionTime") != null;
    }

    @Test
    void keepsTheNewestFinishedRunsOfTheAppAndPhaseAmongAThousand() throws Exception {
        // 600 of guestbook/postsync (every sixth running), 200 of guestbook/syncfail, 200 of another app
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> created = IntStream.range(0, 1000).mapToObj(i -> pool.submit(() -> {
                String app = i >= 800 ? "other" : "guestbook";
                String phase = i >= 600 && i < 800 ? "syncfail" : "postsync";
                run(String.format("run-%04d", i), app, phase, i < 600 && i % 6 == 0, i % 7 == 0);
            })).collect(Collectors.toList());
            for (Future<?> f : created) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<GenericKubernetesResource> before = runs();
        Comparator<GenericKubernetesResource> newestFirst = Comparator
                .comparing((GenericKubernetesResource r) -> r.getMetadata().getCreationTimestamp())
                .thenComparing(r -> r.getMetadata().getName()).reversed();
        Set<String> expectedKept = before.stream().filter(r -> !r.getMetadata().getLabels().get("synchook.dev/app").equals("guestbook")
                || !r.getMetadata().getLabels().get("synchook.dev/phase").equals("postsync") || !finished(r))
                .map(r -> r.getMetadata().getName()).collect(Collectors.toSet());
        before.stream().filter(r -> r.getMetadata().getLabels().get("synchook.dev/app").equals("guestbook")
                && r.getMetadata().getLabels().get("synchook.dev/phase").equals("postsync") && finished(r))
                .sorted(newestFirst).limit(7).forEach(r -> expectedKept.add(r.getMetadata().getName()));

        Cli.Result dryRun = Cli.run(factory, "prune", "--app", "guestbook", "--phase", "PostSync", "-n", namespace, "--keep", "7",
                "--prune-dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(Yaml.JSON.readTree(dryRun.lastLine()).path("pruned").asInt()).isEqualTo(1000 - expectedKept.size());
        assertThat(runs()).hasSize(1000);

        Cli.Result result = Cli.run(factory, "prune", "--app", "guestbook", "--phase", "PostSync", "-n", namespace, "--keep", "7");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode summary = Yaml.JSON.readTree(result.lastLine());
        assertThat(summary.path("pruned").asInt()).isEqualTo(1000 - expectedKept.size());
        assertThat(summary.path("running").asInt()).isEqualTo(100);
        // Background deletion: on a real server the runs go once their finalizers (none here) are done.
        assertThat(runs()).extracting(r -> r.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(expectedKept);
    }

    @Test
    void triggerKeepNeverDeletesTheRunItJustCreated() throws Exception {
        for (int i = 0; i < 3; i++) {
            run("guestbook-old-" + i, "guestbook", "postsync", false, false);
        }
        Cli.Result result = Cli.run(factory, "trigger", "-n", namespace, "--app", "guestbook", "--revision", TriggerClusterTest.SHA,
                "--pipeline", "build-and-deploy", "--operation-id", "42", "--termination-log", "", "--keep", "0");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode summary = Yaml.JSON.readTree(result.lastLine());
        assertThat(summary.path("pruned").asInt()).isEqualTo(3);
        assertThat(runs()).extracting(r -> r.getMetadata().getName()).containsExactly(summary.path("name").asText());
    }

    @Test
    void keepSinceKeepsRecentlyFinishedRuns() throws Exception {
        run("recent", "guestbook", "postsync", false, false);
        run("old", "guestbook", "postsync", true, false);
        tekton.run("old").editStatus(r -> {
            r.setAdditionalProperty("status", Map.of("conditions", List.of(condition("True", "Succeeded", "")),
                    "completionTime", java.time.Instant.now().minusSeconds(7200).toString()));
            return r;
        });
        Cli.Result result = Cli.run(factory, "prune", "--app", "guestbook", "-n", namespace, "--keep-since", "1h");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(runs()).extracting(r -> r.getMetadata().getName()).containsExactly("recent");
    }
}
