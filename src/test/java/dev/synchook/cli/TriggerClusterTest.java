package dev.synchook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.render.Yaml;
import dev.synchook.tekton.TektonResources;
import dev.synchook.testing.Cli;
import dev.synchook.testing.ClusterResource;
import dev.synchook.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code synchook trigger} against an API server: the mock in CRUD mode, or a real one via SYNCHOOK_IT_KUBECONFIG. */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TriggerClusterTest {

    static final String SHA = "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39";
    // Distinct operation start times keep the tests' runs apart.
    private static final AtomicLong OPERATION = new AtomicLong(1_763_900_000L);

    @Inject
    CommandLine.IFactory factory;

    @Inject
    KubernetesClient client;

    String namespace;

    @BeforeAll
    void createNamespace() {
        namespace = TestNamespace.create(client, "synchook-trigger");
    }

    @AfterAll
    void deleteNamespace() {
        TestNamespace.delete(client, namespace);
    }

    private List<String> hookArgs(long operation, String... extra) {
        List<String> args = new ArrayList<>(List.of("trigger", "-n", namespace, "--app", "guestbook", "--revision", SHA,
                "--image", "ghcr.io/acme/guestbook:1.4.2", "--pipeline", "build-and-deploy",
                "-p", "git-revision={{ revision }}", "-p", "image-tag={{ image_tag }}",
                "--job-name", "guestbook-hook-4f2a9c1-postsync-" + operation, "--termination-log", ""));
        args.addAll(List.of(extra));
        return args;
    }

    private Cli.Result trigger(List<String> args) {
        return Cli.run(factory, args.toArray(String[]::new));
    }

    private List<GenericKubernetesResource> runsOf(long operation) {
        return client.genericKubernetesResources(TektonResources.pipelineRuns("v1")).inNamespace(namespace)
                .withLabel("synchook.dev/operation", Long.toString(operation)).list().getItems();
    }

    @Test
    void createsTheRunWithTheSyncedRevisionAndImageTag() throws Exception {
        long op = OPERATION.incrementAndGet();
        Cli.Result result = trigger(hookArgs(op));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode summary = Yaml.JSON.readTree(result.lastLine());
        assertThat(summary.path("outcome").asText()).isEqualTo("created");
        assertThat(summary.path("revision").asText()).isEqualTo(SHA);
        assertThat(summary.path("imageTag").asText()).isEqualTo("1.4.2");
        assertThat(summary.path("phase").asText()).isEqualTo("PostSync");

        List<GenericKubernetesResource> runs = runsOf(op);
        assertThat(runs).hasSize(1);
        GenericKubernetesResource run = runs.get(0);
        assertThat(run.getMetadata().getName()).isEqualTo(summary.path("name").asText()).startsWith("guestbook-postsync-4f2a9c1-");
        assertThat(run.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "synchook")
                .containsEntry("synchook.dev/app", "guestbook").containsEntry("synchook.dev/phase", "postsync")
                .containsEntry("synchook.dev/revision", SHA).doesNotContainKey("app.kubernetes.io/instance");
        JsonNode params = Yaml.JSON.valueToTree(run.getAdditionalProperties().get("spec")).path("params");
        assertThat(params.toString()).contains("{\"name\":\"git-revision\",\"value\":\"" + SHA + "\"}")
                .contains("{\"name\":\"image-tag\",\"value\":\"1.4.2\"}");
        assertThat(summary.path("uid").asText()).isEqualTo(run.getMetadata().getUid());
    }

    @Test
    void aRetriedHookAdoptsTheRunOfItsOperation() throws Exception {
        long op = OPERATION.incrementAndGet();
        Cli.Result first = trigger(hookArgs(op));
        Cli.Result second = trigger(hookArgs(op));

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(Yaml.JSON.readTree(second.lastLine()).path("outcome").asText()).isEqualTo("adopted");
        assertThat(Yaml.JSON.readTree(second.lastLine()).path("name").asText())
                .isEqualTo(Yaml.JSON.readTree(first.lastLine()).path("name").asText());
        assertThat(runsOf(op)).hasSize(1);
    }

    @Test
    void theNextOperationGetsItsOwnRun() {
        long op1 = OPERATION.incrementAndGet();
        long op2 = OPERATION.incrementAndGet();
        assertThat(trigger(hookArgs(op1)).exitCode()).isZero();
        assertThat(trigger(hookArgs(op2)).exitCode()).isZero();
        assertThat(runsOf(op1)).hasSize(1);
        assertThat(runsOf(op2)).hasSize(1);
        assertThat(runsOf(op1).get(0).getMetadata().getName()).isNotEqualTo(runsOf(op2).get(0).getMetadata().getName());
    }

    @Test
    void fiftyConcurrentTriggersOfOneOperationLeaveExactlyOneRun() throws Exception {
        long op = OPERATION.incrementAndGet();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Cli.Result>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> trigger(hookArgs(op))));
            }
            int created = 0;
            for (Future<Cli.Result> f : results) {
                Cli.Result r = f.get();
                assertThat(r.exitCode()).as(r.toString()).isZero();
                created += Yaml.JSON.readTree(r.lastLine()).path("outcome").asText().equals("created") ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(runsOf(op)).hasSize(1);
    }

    @Test
    void revisionsThatAreNotGitShasWork() {
        for (String revision : List.of("1.2.3", "sha256:" + "ab".repeat(32))) {
            long op = OPERATION.incrementAndGet();
            List<String> args = hookArgs(op);
            args.set(args.indexOf(SHA), revision);
            Cli.Result result = trigger(args);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            GenericKubernetesResource run = runsOf(op).get(0);
            assertThat(run.getMetadata().getAnnotations()).containsEntry("synchook.dev/revision", revision);
            assertThat(run.getMetadata().getName()).hasSizeLessThanOrEqualTo(63);
        }
    }

    @Test
    void awkwardValuesStayOneStringAndLongLabelValuesAreHashed() {
        long op = OPERATION.incrementAndGet();
        String awkward = "alice: \"admin\" # not a comment, {not: json}";
        String longTag = "t".repeat(300);
        List<String> args = hookArgs(op, "--initiated-by", awkward, "-p", "who={{ initiated_by }}",
                "--image-tag", longTag, "--label", "image-tag={{ image_tag }}");
        Cli.Result result = trigger(args);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        GenericKubernetesResource run = runsOf(op).get(0);
        JsonNode params = Yaml.JSON.valueToTree(run.getAdditionalProperties().get("spec")).path("params");
        assertThat(params).anySatisfy(p -> {
            assertThat(p.path("name").asText()).isEqualTo("who");
            assertThat(p.path("value").isTextual()).isTrue();
            assertThat(p.path("value").asText()).isEqualTo(awkward);
        });
        assertThat(run.getMetadata().getLabels().get("image-tag")).hasSizeLessThanOrEqualTo(63).startsWith("ttt");
        assertThat(run.getMetadata().getAnnotations()).containsEntry("image-tag", longTag);
    }

    @Test
    void theSummaryGoesToTheTerminationLog() throws Exception {
        long op = OPERATION.incrementAndGet();
        Path log = Files.createTempFile("termination", ".log");
        List<String> args = hookArgs(op);
        args.set(args.indexOf("--termination-log") + 1, log.toString());
        Cli.Result result = trigger(args);
        assertThat(result.exitCode()).isZero();
        assertThat(Files.readString(log)).isEqualTo(result.lastLine());

        List<String> missingDir = hookArgs(OPERATION.incrementAndGet());
        missingDir.set(missingDir.indexOf("--termination-log") + 1, "/nonexistent-dir/termination-log");
        assertThat(trigger(missingDir).exitCode()).isZero();
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of(new String[] {"--revision", "4f2a 9c1"}, "--revision \"4f2a 9c1\": contains whitespace"),
                Arguments.of(new String[] {"--revision", "4f2a\u00079c1"}, "contains a control character"),
                Arguments.of(new String[] {"-p", "novalue"}, "--param \"novalue\": has no '='"),
                Arguments.of(new String[] {"-p", "9bad=x"}, "param name \"9bad\" is not valid"),
                Arguments.of(new String[] {"-w", "name=ws,nfs=server"}, "unknown workspace kind or key \"nfs\""),
                Arguments.of(new String[] {"-w", "name=ws"}, "has no volume source"),
                Arguments.of(new String[] {"--pipeline", ""}, "--pipeline \"\": is empty"),
                Arguments.of(new String[] {"--pipeline", "Not_Valid"}, "--pipeline \"Not_Valid\": is not a valid name"),
                Arguments.of(new String[] {"-p", "x={{ commit }}"}, "\"{{ commit }}\": unknown placeholder"),
                Arguments.of(new String[] {"-p", "x={{ previous_revision }}"}, "needs previous_revision, which has no value"),
                Arguments.of(new String[] {"--timeout", "ten minutes"}, "--timeout \"ten minutes\": is not a duration"),
                Arguments.of(new String[] {"--phase", "AfterSync"}, "not a hook phase"),
                Arguments.of(new String[] {"--label", "bad key=x"}, "is not a valid key"),
                Arguments.of(new String[] {"-s", "Bad_SA"}, "--service-account \"Bad_SA\": is not a valid name"),
                Arguments.of(new String[] {"--app", "guest book"}, "--app \"guest book\": contains whitespace"),
                Arguments.of(new String[] {"--no-such-flag"}, "Unknown option: '--no-such-flag'"));
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badInputExitsTwoWithOneLineAndCreatesNothing(String[] extra, String message) {
        long op = OPERATION.incrementAndGet();
        Cli.Result result = trigger(hookArgs(op, extra));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err().lines().filter(l -> l.startsWith("error: ")).toList()).singleElement()
                .satisfies(line -> assertThat(line).contains(message));
        assertThat(runsOf(op)).isEmpty();
        assertThat(client.genericKubernetesResources(TektonResources.pipelineRuns("v1")).inNamespace(namespace)
                .withLabels(Map.of("synchook.dev/operation", Long.toString(op))).list().getItems()).isEmpty();
    }

    /** A v1beta1 template with embedded steps and step overrides that set resources is accepted by strict validation as v1. */
    @Test
    void aV1beta1TemplateWithStepResourcesIsCreatedAsAValidV1Run() throws Exception {
        long op = OPERATION.incrementAndGet();
        Cli.Result result = trigger(List.of("trigger", "-n", namespace, "--app", "guestbook", "--revision", SHA,
                "--template", "examples/templates/legacy-v1beta1.yaml", "--job-name", "guestbook-hook-4f2a9c1-postsync-" + op,
                "--termination-log", ""));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        GenericKubernetesResource run = runsOf(op).get(0);
        JsonNode spec = Yaml.JSON.valueToTree(run.getAdditionalProperties().get("spec"));
        assertThat(spec.at("/taskRunSpecs/0/stepSpecs/0/computeResources/limits/memory").asText()).isEqualTo("128Mi");
        assertThat(spec.at("/pipelineSpec/tasks/0/taskSpec/steps/0/computeResources/limits/memory").asText()).isEqualTo("64Mi");
        assertThat(spec.at("/taskRunTemplate/serviceAccountName").asText()).isEqualTo("smoke-runner");
    }
}
