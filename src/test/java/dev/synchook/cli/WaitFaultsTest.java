package dev.synchook.cli;

import static dev.synchook.testing.TektonStatus.condition;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.render.Yaml;
import dev.synchook.tekton.TektonResources;
import dev.synchook.testing.Cli;
import dev.synchook.testing.ClusterResource;
import dev.synchook.testing.MockApiServer;
import dev.synchook.testing.TektonStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Waiting through what only the mock API server can be told to do: closed watches, 410 Gone, 503s. */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.MockOnly.class, restrictToAnnotatedClass = true)
class WaitFaultsTest {

    static final String NS = "faults";

    @MockApiServer
    KubernetesServer server;

    @Inject
    CommandLine.IFactory factory;

    @Inject
    KubernetesClient client;

    TektonStatus tekton;

    @BeforeEach
    void setUp() throws Exception {
        tekton = new TektonStatus(client, NS);
        drainRequests();
    }

    private GenericKubernetesResource newRun() {
        String name = "run-" + UUID.randomUUID().toString().substring(0, 8);
        GenericKubernetesResource run = client.genericKubernetesResources(TektonResources.pipelineRuns("v1")).inNamespace(NS)
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("tekton.dev/v1").withKind("PipelineRun")
                        .withNewMetadata().withName(name).withNamespace(NS).addToLabels("app.kubernetes.io/managed-by", "synchook")
                        .endMetadata().addToAdditionalProperties("spec", Map.of("pipelineRef", Map.of("name", "p"))).build())
                .create();
        tekton.runStatus(name, condition("Unknown", "Running", ""), List.of(), List.of());
        return tekton.run(name).get();
    }

    private static String runPath(String name) {
        return "/apis/tekton.dev/v1/namespaces/" + NS + "/pipelineruns/" + name;
    }

    private static String watchPath(GenericKubernetesResource run) {
        return "/apis/tekton.dev/v1/namespaces/" + NS + "/pipelineruns?allowWatchBookmarks=true&fieldSelector=metadata.name%3D"
                + run.getMetadata().getName() + "&resourceVersion=" + run.getMetadata().getResourceVersion() + "&watch=true";
    }

    private CompletableFuture<Cli.Result> waitFor(String name) {
        return CompletableFuture.supplyAsync(() -> Cli.run(factory, "wait", name, "-n", NS, "--wait-timeout", "20s", "--termination-log", ""));
    }

    private List<String> drainRequests() throws InterruptedException {
        List<String> paths = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.getKubernetesMockServer().takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            paths.add(r.getMethod() + " " + r.getPath());
        }
        return paths;
    }

    private static JsonNode summary(Cli.Result result) throws Exception {
        return Yaml.JSON.readTree(result.lastLine());
    }

    /** Collects recorded requests until one matches, so that the test acts only once synchook is where it should be. */
    private List<String> requestsUntil(String expected, int count) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (seen.stream().filter(p -> p.contains(expected)).count() < count && System.nanoTime() < end) {
            RecordedRequest r = server.getKubernetesMockServer().takeRequest(50, TimeUnit.MILLISECONDS);
            if (r != null) {
                seen.add(r.getMethod() + " " + r.getPath());
            }
        }
        assertThat(seen.stream().filter(p -> p.contains(expected))).as(seen.toString()).hasSize(count);
        return seen;
    }

    /** Writes the status again and again (the same status each time) until the wait has ended; 20 seconds at most. */
    private static Cli.Result untilDone(CompletableFuture<Cli.Result> waiting, Runnable writeStatus) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!waiting.isDone() && System.nanoTime() < end) {
            writeStatus.run();
            try {
                return waiting.get(100, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // not seen yet: write it again
            }
        }
        return waiting.get(1, TimeUnit.SECONDS);
    }

    private void succeed(GenericKubernetesResource run) {
        tekton.runStatus(run.getMetadata().getName(), condition("True", "Succeeded", "Tasks Completed: 1"), List.of(), List.of());
    }

    @Test
    void aWatchClosedMidwayIsResumed() throws Exception {
        GenericKubernetesResource run = newRun();
        server.expect().get().withPath(watchPath(run)).andUpgradeToWebSocket().open()
                .waitFor(100).andEmit(new WatchEvent(run, "MODIFIED")).done().once();
        CompletableFuture<Cli.Result> waiting = waitFor(run.getMetadata().getName());
        requestsUntil("watch=true", 2);
        // the mock registers the second watch only after recording its request: repeat the change until it is seen
        Cli.Result result = untilDone(waiting, () -> succeed(run));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(summary(result).path("result").asText()).isEqualTo("Succeeded");
    }

    @Test
    void goneReadsTheRunAgainAndResumesFromThere() throws Exception {
        GenericKubernetesResource run = newRun();
        // While this watch is open nothing reaches synchook; only reading the run after 410 shows it finished.
        server.expect().get().withPath(watchPath(run)).andUpgradeToWebSocket().open()
                .waitFor(400).andEmit(new WatchEvent(new StatusBuilder().withCode(410).withReason("Expired")
                        .withMessage("too old resource version").build(), "ERROR")).done().once();
        CompletableFuture<Cli.Result> waiting = waitFor(run.getMetadata().getName());
        requestsUntil("watch=true", 1);
        succeed(run);

        Cli.Result result = waiting.get(20, TimeUnit.SECONDS);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(summary(result).path("result").asText()).isEqualTo("Succeeded");
    }

    @Test
    void serviceUnavailableDuringTheWaitIsRetried() throws Exception {
        GenericKubernetesResource run = newRun();
        String name = run.getMetadata().getName();
        tekton.taskRun(name + "-build", condition("False", "Failed", "exit 1"));
        var unavailable = new StatusBuilder().withCode(503).withMessage("etcdserver: leader changed").build();
        // the command's own get, then the follower's first get
        server.expect().get().withPath(runPath(name)).andReturn(503, unavailable).times(2);
        server.expect().get().withPath("/apis/tekton.dev/v1/namespaces/" + NS + "/taskruns/" + name + "-build")
                .andReturn(503, unavailable).once();
        CompletableFuture<Cli.Result> waiting = waitFor(name);
        requestsUntil("watch=true", 1);
        Cli.Result result = untilDone(waiting, () -> tekton.runStatus(name, condition("False", "Failed",
                "Tasks Completed: 1 (Failed: 1)"), List.of(TektonStatus.child(name + "-build", "build")), List.of()));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(summary(result).path("failedTasks")).extracting(JsonNode::asText).containsExactly("build");
        assertThat(result.err()).doesNotContain("error");
    }
}
