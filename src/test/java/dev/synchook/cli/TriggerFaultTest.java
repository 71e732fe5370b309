package dev.synchook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.render.Yaml;
import dev.synchook.tekton.Tekton;
import dev.synchook.tekton.TektonResources;
import dev.synchook.testing.Cli;
import dev.synchook.testing.ClusterResource;
import dev.synchook.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** API faults injected with mock server expectations; a real API server can not be told to fail this way. */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.MockOnly.class, restrictToAnnotatedClass = true)
class TriggerFaultTest {

    private static final String NS = "faults";
    private static final String RUNS_PATH = "/apis/tekton.dev/v1/namespaces/" + NS + "/pipelineruns?fieldValidation=Strict";
    private static final AtomicLong OPERATION = new AtomicLong(1_700_000_000L);

    @MockApiServer
    KubernetesServer server;

    @Inject
    CommandLine.IFactory factory;

    @Inject
    KubernetesClient client;

    @Inject
    Tekton tekton;

    @AfterEach
    void clearExpectations() {
        server.getKubernetesMockServer().clearExpectations();
        // Some tests play a cluster that serves only v1beta1: the next one plays another.
        tekton.forgetServedVersion();
    }

    private Cli.Result trigger(long operation, String... extra) {
        List<String> args = new ArrayList<>(List.of("trigger", "-n", NS, "--app", "guestbook", "--revision", "abc1234def",
                "--pipeline", "verify", "--operation-id", Long.toString(operation), "--termination-log", ""));
        args.addAll(List.of(extra));
        return Cli.run(factory, args.toArray(String[]::new));
    }

    private List<GenericKubernetesResource> runsOf(long operation) {
        return client.genericKubernetesResources(TektonResources.pipelineRuns("v1")).inNamespace(NS)
                .withLabel("synchook.dev/operation", Long.toString(operation)).list().getItems();
    }

    private static io.fabric8.kubernetes.api.model.Status status(int code, String message) {
        return new StatusBuilder().withCode(code).withMessage(message).build();
    }

    @Test
    void aServerErrorIsRetriedAndTheRunCreatedOnce() {
        long op = OPERATION.incrementAndGet();
        server.expect().post().withPath(RUNS_PATH).andReturn(500, status(500, "etcd leader changed")).once();
        server.expect().post().withPath(RUNS_PATH).andReturn(503, status(503, "unavailable")).once();

        Cli.Result result = trigger(op);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.lastLine()).contains("\"outcome\":\"created\"");
        assertThat(runsOf(op)).hasSize(1);
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() {
        long op = OPERATION.incrementAndGet();
        server.expect().post().withPath(RUNS_PATH).andReturn(429, new StatusBuilder().withCode(429).withMessage("throttled")
                .withNewDetails().withRetryAfterSeconds(1).endDetails().build()).once();

        Cli.Result result = trigger(op);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(runsOf(op)).hasSize(1);
    }

    @Test
    void anApiServerThatKeepsFailingExitsThreeAndCreatesNothing() {
        long op = OPERATION.incrementAndGet();
        server.expect().post().withPath(RUNS_PATH).andReturn(503, status(503, "unavailable")).always();

        Cli.Result result = trigger(op);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.err()).contains("error: Kubernetes API unavailable: create pipelineruns.tekton.dev")
                .contains("failed 5 times");
        assertFailureSummary(result, 3, "Kubernetes API unavailable: create pipelineruns.tekton.dev");
        server.getKubernetesMockServer().clearExpectations();
        assertThat(runsOf(op)).isEmpty();
    }

    @Test
    void forbiddenExitsThreeNamingThePermissionAndTheRole() throws Exception {
        long op = OPERATION.incrementAndGet();
        server.expect().post().withPath(RUNS_PATH).andReturn(403, status(403, "pipelineruns.tekton.dev is forbidden: User "
                + "\"system:serviceaccount:guestbook:synchook-hook\" cannot create resource \"pipelineruns\" in API group "
                + "\"tekton.dev\" in the namespace \"faults\"")).always();

        Cli.Result result = trigger(op);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.err()).contains("forbidden: system:serviceaccount:guestbook:synchook-hook cannot create "
                + "pipelineruns.tekton.dev").contains("in namespace faults").contains("manifests/rbac/");
        assertFailureSummary(result, 3, "forbidden: system:serviceaccount:guestbook:synchook-hook cannot create");
        server.getKubernetesMockServer().clearExpectations();
        assertThat(runsOf(op)).isEmpty();
    }

    @Test
    void anInvalidRunRejectedByTheServerExitsTwo() {
        long op = OPERATION.incrementAndGet();
        server.expect().post().withPath(RUNS_PATH).andReturn(422, status(422, "PipelineRun.tekton.dev \"x\" is invalid: "
                + "spec.params[0].name: Required value")).always();

        Cli.Result result = trigger(op);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("the API server rejected create pipelineruns.tekton.dev")
                .contains("spec.params[0].name: Required value");
        assertFailureSummary(result, 2, "spec.params[0].name: Required value");
    }

    @Test
    void aCommandLineMistakeEndsWithTheFailureSummaryToo() {
        Cli.Result result = Cli.run(factory, "trigger", "--termination-log", "", "--no-such-flag");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("error: Unknown option: '--no-such-flag'");
        assertFailureSummary(result, 2, "Unknown option: '--no-such-flag'");

        Cli.Result badValue = trigger(OPERATION.incrementAndGet(), "--wait-timeout", "soon");
        assertThat(badValue.exitCode()).as(badValue.toString()).isEqualTo(2);
        assertFailureSummary(badValue, 2, "soon");
    }

    /** Every outcome ends with one JSON summary on stdout; a failure's says why, in the error line's words. */
    private static void assertFailureSummary(Cli.Result result, int exitCode, String errorPart) {
        JsonNode summary;
        try {
            summary = Yaml.JSON.readTree(result.lastLine());
        } catch (java.io.IOException e) {
            throw new AssertionError("the last stdout line is not JSON: " + result, e);
        }
        assertThat(summary.path("outcome").asText()).as(result.toString()).isEqualTo("failed");
        assertThat(summary.path("exitCode").asInt()).isEqualTo(exitCode);
        assertThat(summary.path("error").asText()).contains(errorPart);
        assertThat(result.err()).contains("error: " + summary.path("error").asText());
    }

    @Test
    void aConflictAdoptsTheRunThatExists() throws Exception {
        long op = OPERATION.incrementAndGet();
        assertThat(trigger(op).exitCode()).isZero();
        // a create whose answer was lost: the retry meets AlreadyExists
        server.expect().post().withPath(RUNS_PATH).andReturn(504, status(504, "timeout")).once();

        Cli.Result again = trigger(op);

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(Yaml.JSON.readTree(again.lastLine()).path("outcome").asText()).isEqualTo("adopted");
        assertThat(runsOf(op)).hasSize(1);
    }

    @Test
    void aRunOfTheSameNameThatSynchookDidNotCreateIsNotAdopted() throws Exception {
        long op = OPERATION.incrementAndGet();
        String rendered = Cli.run(factory, "render", "-o", "json", "-n", NS, "--app", "guestbook", "--revision", "abc1234def",
                "--pipeline", "verify", "--operation-id", Long.toString(op)).out();
        GenericKubernetesResource foreign = Yaml.JSON.readValue(rendered, GenericKubernetesResource.class);
        foreign.getMetadata().setLabels(Map.of("owner", "someone-else"));
        client.genericKubernetesResources(TektonResources.pipelineRuns("v1")).inNamespace(NS).resource(foreign).create();

        Cli.Result result = trigger(op);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("exists and was not created by synchook");
    }

    private void forgetRequests() throws InterruptedException {
        while (server.getKubernetesMockServer().takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS) != null) {
            // the requests of earlier tests
        }
    }

    /** The requests the mock received since the last call, as "METHOD path". */
    private List<String> requests() throws InterruptedException {
        var mock = server.getKubernetesMockServer();
        List<String> requests = new ArrayList<>();
        for (var r = mock.takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS); r != null;
                r = mock.takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            requests.add(r.getMethod() + " " + r.getPath());
        }
        return requests;
    }

    @Test
    void theCreateAsksForStrictFieldValidation() throws Exception {
        forgetRequests();
        long op = OPERATION.incrementAndGet();
        assertThat(trigger(op).exitCode()).isZero();
        assertThat(requests()).filteredOn(r -> r.contains("/pipelineruns")).containsExactly("POST " + RUNS_PATH);
    }

    @Test
    void aForbiddenApplicationIsNoErrorWhenTheRevisionIsGiven() throws Exception {
        long op = OPERATION.incrementAndGet();
        server.expect().get().withPath("/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/guestbook")
                .andReturn(403, status(403, "applications.argoproj.io \"guestbook\" is forbidden: User "
                        + "\"system:serviceaccount:faults:synchook-hook\" cannot get resource \"applications\"")).always();

        // the revision is explicit; the app's namespace (part of the run name) and the image tag would come from
        // the Application, which is forbidden: the first is worth a read but not required, the second is required
        forgetRequests();
        Cli.Result explicit = trigger(op);
        List<String> asked = requests();
        Cli.Result needsImage = trigger(op, "-p", "tag={{ image_tag }}");

        assertThat(explicit.exitCode()).as(explicit.toString()).isZero();
        assertThat(asked).contains("GET /apis/argoproj.io/v1alpha1/namespaces/argocd/applications/guestbook");
        assertThat(explicit.err()).doesNotContain("error");
        assertThat(needsImage.exitCode()).as(needsImage.toString()).isEqualTo(3);
        assertThat(needsImage.err()).contains("needs image_tag, which has no value")
                .contains("application argocd/guestbook: forbidden: system:serviceaccount:faults:synchook-hook cannot get "
                        + "applications.argoproj.io guestbook in namespace argocd")
                .contains("pass --image-tag");
    }

    @Test
    void aClusterThatServesOnlyV1beta1GetsTheRunInV1beta1() {
        long op = OPERATION.incrementAndGet();
        server.expect().post().withPath(RUNS_PATH).andReturn(404, status(404, "the server could not find the requested resource"))
                .always();
        server.expect().get().withPath("/apis/tekton.dev").andReturn(200, new io.fabric8.kubernetes.api.model.APIGroupBuilder()
                .withName("tekton.dev").addNewVersion().withGroupVersion("tekton.dev/v1beta1").withVersion("v1beta1").endVersion()
                .build()).always();

        Cli.Result result = trigger(op, "-s", "runner", "--timeout", "30m");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<GenericKubernetesResource> runs = client.genericKubernetesResources(TektonResources.pipelineRuns("v1beta1"))
                .inNamespace(NS).withLabel("synchook.dev/operation", Long.toString(op)).list().getItems();
        assertThat(runs).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) runs.get(0).getAdditionalProperties().get("spec");
        assertThat(spec).containsEntry("serviceAccountName", "runner").containsEntry("timeout", "30m").doesNotContainKey("taskRunTemplate");
    }

    @Test
    void aMissingNamespaceIsExitTwo() {
        long op = OPERATION.incrementAndGet();
        server.expect().post().withPath(RUNS_PATH).andReturn(404, status(404, "namespaces \"faults\" not found")).always();
        server.expect().get().withPath("/apis/tekton.dev").andReturn(200, new io.fabric8.kubernetes.api.model.APIGroupBuilder()
                .withName("tekton.dev").addNewVersion().withGroupVersion("tekton.dev/v1").withVersion("v1").endVersion().build()).always();

        Cli.Result result = trigger(op);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("error: namespace faults not found");
        assertFailureSummary(result, 2, "namespace faults not found");
    }
}
