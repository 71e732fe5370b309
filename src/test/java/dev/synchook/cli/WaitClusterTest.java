package dev.synchook.cli;

import static dev.synchook.testing.TektonStatus.child;
import static dev.synchook.testing.TektonStatus.condition;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.render.Yaml;
import dev.synchook.tekton.TektonResources;
import dev.synchook.testing.Cli;
import dev.synchook.testing.ClusterResource;
import dev.synchook.testing.Eventually;
import dev.synchook.testing.LogCapture;
import dev.synchook.testing.TektonStatus;
import dev.synchook.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code trigger --wait} and {@code wait} against an API server. Nothing runs the pipelines, so the
 * tests write the run's status and its TaskRuns themselves while synchook waits in another thread.
 */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WaitClusterTest {

    private static final AtomicLong OPERATION = new AtomicLong(1_764_000_000L);

    @Inject
    CommandLine.IFactory factory;

    @Inject
    KubernetesClient client;

    @Inject
    ShutdownGuard shutdownGuard;

    String namespace;
    TektonStatus tekton;

    @BeforeAll
    void createNamespace() {
        namespace = TestNamespace.create(client, "synchook-wait");
        tekton = new TektonStatus(client, namespace);
    }

    @AfterAll
    void deleteNamespace() {
        TestNamespace.delete(client, namespace);
    }

    private String[] hookArgs(long operation, String... extra) {
        List<String> args = new ArrayList<>(List.of("trigger", "-n", namespace, "--app", "guestbook", "--revision",
                TriggerClusterTest.SHA, "--pipeline", "build-and-deploy",
                "--job-name", "guestbook-hook-4f2a9c1-postsync-" + operation, "--termination-log", ""));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private CompletableFuture<Cli.Result> inBackground(String... args) {
        return CompletableFuture.supplyAsync(() -> Cli.run(factory, args));
    }

    /** The one run of the operation, once synchook has created it. */
    private String runOf(long operation) {
        return Eventually.get(() -> client.genericKubernetesResources(TektonResources.pipelineRuns("v1")).inNamespace(namespace)
                .withLabel("synchook.dev/operation", Long.toString(operation)).list().getItems(), l -> l.size() == 1,
                Duration.ofSeconds(20)).get(0).getMetadata().getName();
    }

    private static JsonNode summary(Cli.Result result) throws Exception {
        return Yaml.JSON.readTree(result.lastLine());
    }

    private List<Event> eventsOf(String run) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> run.equals(e.getInvolvedObject().getName())).toList();
    }

    @Test
    void aSucceededRunExitsZeroAndLogsEachChangeOnce() throws Exception {
        long op = OPERATION.incrementAndGet();
        try (LogCapture log = new LogCapture("dev.synchook.tekton.Progress")) {
            CompletableFuture<Cli.Result> waiting = inBackground(hookArgs(op, "--wait", "--wait-timeout", "1m"));
            String run = runOf(op);
            String build = run + "-build";
            String test = run + "-test";
            tekton.runStatus(run, condition("Unknown", "Running", "Tasks Completed: 0"), List.of(), List.of());
            tekton.taskRun(build, condition("Unknown", "Running", ""));
            tekton.runStatus(run, condition("Unknown", "Running", "Tasks Completed: 0"), List.of(child(build, "build")), List.of());
            tekton.taskRun(build, condition("True", "Succeeded", "All Steps have completed executing"));
            tekton.runStatus(run, condition("Unknown", "Running", "Tasks Completed: 1"), List.of(child(build, "build")), List.of());
            tekton.taskRun(test, condition("True", "Succeeded", "All Steps have completed executing"));
            tekton.runStatus(run, condition("True", "Succeeded", "Tasks Completed: 2 (Failed: 0, Cancelled 0), Skipped: 1"),
                    List.of(child(build, "build"), child(test, "test")), List.of("notify"));

            Cli.Result result = waiting.get(30, TimeUnit.SECONDS);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            JsonNode summary = summary(result);
            assertThat(summary.path("result").asText()).isEqualTo("Succeeded");
            assertThat(summary.path("exitCode").asInt()).isZero();
            assertThat(summary.path("failedTasks")).isEmpty();
            assertThat(summary.path("durationSeconds").asLong()).isGreaterThanOrEqualTo(0);

            List<String> lines = log.lines();
            assertThat(lines).doesNotHaveDuplicates();
            assertThat(lines).anyMatch(l -> l.startsWith("task build") && l.endsWith("succeeded"))
                    .anyMatch(l -> l.startsWith("task test") && l.endsWith("succeeded"))
                    .anyMatch(l -> l.startsWith("task notify skipped"))
                    .anyMatch(l -> l.equals("PipelineRun " + namespace + "/" + run + " succeeded"));
            assertThat(eventsOf(run)).extracting(Event::getReason).contains("Created", "Succeeded");
        }
    }

    @Test
    void aFailedRunExitsOneAndNamesTheFailedTasks() throws Exception {
        long op = OPERATION.incrementAndGet();
        CompletableFuture<Cli.Result> waiting = inBackground(hookArgs(op, "--wait"));
        String run = runOf(op);
        tekton.taskRun(run + "-lint", condition("False", "Failed", "step lint exited with 2"));
        tekton.taskRun(run + "-unit", condition("False", "TaskRunTimeout", "timed out after 10m"));
        tekton.taskRun(run + "-build", condition("True", "Succeeded", ""));
        tekton.runStatus(run, condition("False", "Failed", "Tasks Completed: 3 (Failed: 2, Cancelled 0), Skipped: 0"),
                List.of(child(run + "-build", "build"), child(run + "-lint", "lint"), child(run + "-unit", "unit")), List.of());

        Cli.Result result = waiting.get(30, TimeUnit.SECONDS);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        JsonNode summary = summary(result);
        assertThat(summary.path("result").asText()).isEqualTo("Failed");
        assertThat(summary.path("reason").asText()).isEqualTo("Failed");
        assertThat(summary.path("message").asText()).contains("Failed: 2");
        assertThat(summary.path("failedTasks")).extracting(JsonNode::asText).containsExactlyInAnyOrder("lint", "unit");
        assertThat(eventsOf(run)).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("Failed");
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).contains("lint").contains("unit");
        });
    }

    @ParameterizedTest
    @CsvSource({"cancel,Cancelled", "cancel-run-finally,CancelledRunFinally", "stop-run-finally,StoppedRunFinally", "leave,"})
    void theDeadlineExitsFourAndActsOnTheRun(String onTimeout, String specStatus) throws Exception {
        long op = OPERATION.incrementAndGet();
        Cli.Result result = Cli.run(factory, hookArgs(op, "--wait", "--wait-timeout", "300ms", "--on-timeout", onTimeout));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        JsonNode summary = summary(result);
        assertThat(summary.path("result").asText()).isEqualTo("TimedOut");
        assertThat(summary.path("exitCode").asInt()).isEqualTo(4);
        GenericKubernetesResource run = tekton.run(runOf(op)).get();
        assertThat(run).as("the run is never deleted").isNotNull();
        Object status = ((Map<?, ?>) run.getAdditionalProperties().get("spec")).get("status");
        assertThat(status).isEqualTo(specStatus);
    }

    @Test
    void stoppingTheProcessCancelsTheRunAndReports() throws Exception {
        long op = OPERATION.incrementAndGet();
        CompletableFuture<Cli.Result> waiting = inBackground(hookArgs(op, "--wait", "--on-timeout", "cancel-run-finally"));
        String run = runOf(op);
        tekton.runStatus(run, condition("Unknown", "Running", ""), List.of(), List.of());

        long started = System.nanoTime();
        shutdownGuard.stopAll(Duration.ofSeconds(10)); // what SIGTERM does, through Quarkus' ShutdownEvent
        // stopAll returns once the command has cancelled and reported; the call itself returns just after
        Cli.Result result = waiting.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(summary(result).path("result").asText()).isEqualTo("Terminated");
        assertThat(((Map<?, ?>) tekton.run(run).get().getAdditionalProperties().get("spec")).get("status"))
                .isEqualTo("CancelledRunFinally");
    }

    @Test
    void waitFollowsARunThatExistsAlready() throws Exception {
        long op = OPERATION.incrementAndGet();
        assertThat(Cli.run(factory, hookArgs(op)).exitCode()).isZero();
        String run = runOf(op);
        tekton.runStatus(run, condition("False", "PipelineRunTimeout", "PipelineRun \"" + run + "\" failed to finish within \"1h0m0s\""),
                List.of(), List.of());

        Cli.Result waited = Cli.run(factory, "wait", run, "-n", namespace, "--termination-log", "");
        assertThat(waited.exitCode()).as(waited.toString()).isEqualTo(1);
        assertThat(summary(waited).path("reason").asText()).isEqualTo("PipelineRunTimeout");
        assertThat(summary(waited).path("app").asText()).isEqualTo("guestbook");

        Cli.Result adopted = Cli.run(factory, hookArgs(op, "--wait"));
        assertThat(adopted.exitCode()).as(adopted.toString()).isEqualTo(1);
        assertThat(summary(adopted).path("outcome").asText()).isEqualTo("adopted");

        Cli.Result missing = Cli.run(factory, "wait", "no-such-run", "-n", namespace, "--termination-log", "");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(summary(missing).path("exitCode").asInt()).as("the failure summary is the last line").isEqualTo(2);
    }

    @Test
    void withoutNamespaceWaitLooksInThePodsNamespaceAsTriggerCreatesThere() throws Exception {
        long op = OPERATION.incrementAndGet();
        assertThat(Cli.run(factory, hookArgs(op)).exitCode()).isZero();
        String run = runOf(op);
        tekton.runStatus(run, condition("True", "Succeeded", "Tasks Completed: 1"), List.of(), List.of());

        // A pod in the runs' namespace (a wait Job of one's own): POD_NAMESPACE, as trigger reads it, beats the kubeconfig's.
        io.quarkus.test.junit.QuarkusMock.installMockForType(new ProcessEnvironment() {
            @Override
            public Map<String, String> variables() {
                return Map.of("POD_NAMESPACE", namespace);
            }
        }, ProcessEnvironment.class);
        Cli.Result waited = Cli.run(factory, "wait", run, "--termination-log", "");
        assertThat(waited.exitCode()).as(waited.toString()).isZero();
        assertThat(summary(waited).path("namespace").asText()).isEqualTo(namespace);
    }

    @Test
    void aBadWaitTimeoutIsBadInput() {
        Cli.Result result = Cli.run(factory, hookArgs(OPERATION.incrementAndGet(), "--wait", "--wait-timeout", "ten minutes"));
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--wait-timeout").contains("is not a duration");
    }
}
