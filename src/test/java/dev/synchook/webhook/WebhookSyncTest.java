package dev.synchook.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.render.Yaml;
import dev.synchook.tekton.TektonResources;
import dev.synchook.testing.Cli;
import dev.synchook.testing.LogCapture;
import dev.synchook.testing.ClusterResource;
import dev.synchook.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code POST /v1/argocd/sync} against an API server: the mock in CRUD mode, or a real one via SYNCHOOK_IT_KUBECONFIG. */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = WebhookConfigResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookSyncTest {

    static final String SHA = WebhookPayloadTest.SHA;
    static final String SAMPLE_OPERATION = "1763900000";
    // Distinct operation start times keep the tests' runs apart.
    private static final AtomicLong OPERATION = new AtomicLong(1_764_000_000L);
    private static final ResourceDefinitionContext APPLICATIONS = new ResourceDefinitionContext.Builder()
            .withGroup("argoproj.io").withVersion("v1alpha1").withKind("Application").withPlural("applications")
            .withNamespaced(true).build();

    @Inject
    KubernetesClient client;

    @Inject
    CommandLine.IFactory factory;

    @MockApiServer
    KubernetesServer mock;

    // Read, not injected: an injected property is checked when any test class starts the application.
    String namespace;

    @TestHTTPResource("/v1/argocd/sync")
    URL syncUrl;

    @BeforeAll
    void prepareCluster() {
        namespace = ConfigProvider.getConfig().getValue("synchook.namespace", String.class);
        for (String ns : List.of(namespace, "argocd")) {
            if (client.namespaces().withName(ns).get() == null) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
            }
        }
        if (mock != null) {
            // The mock serves no API discovery; a real API server answers this itself.
            mock.expect().get().withPath("/apis/tekton.dev/v1")
                    .andReturn(200, "{\"kind\":\"APIResourceList\",\"groupVersion\":\"tekton.dev/v1\","
                            + "\"resources\":[{\"name\":\"pipelineruns\",\"namespaced\":true,\"kind\":\"PipelineRun\"}]}")
                    .always();
        }
    }

    @AfterAll
    void deleteNamespace() {
        client.namespaces().withName(namespace).delete();
    }

    /** The hand-rendered template for the sample Application, for another app and operation. */
    static ObjectNode payload(String app, long operation) throws Exception {
        ObjectNode payload = (ObjectNode) WebhookPayloadTest.resource("notification-guestbook-succeeded.json");
        ((ObjectNode) payload.path("app")).put("name", app);
        ((ObjectNode) payload.path("operation")).put("startedAt", Instant.ofEpochSecond(operation).toString());
        return payload;
    }

    static ObjectNode with(ObjectNode payload, String path, Object value) {
        String[] parts = path.split("\\.");
        ObjectNode node = payload;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (ObjectNode) node.path(parts[i]);
        }
        node.set(parts[parts.length - 1], Yaml.JSON.valueToTree(value));
        return payload;
    }

    /**
     * Makes the Application record the operation the payload notifies, as Argo CD would have before
     * sending it: its current operation, with the payload's start, phase and revision.
     */
    void record(ObjectNode payload) throws Exception {
        ObjectNode application = (ObjectNode) WebhookPayloadTest.resource("application-guestbook.json");
        String app = payload.path("app").path("name").asText();
        ((ObjectNode) application.path("metadata")).put("name", app);
        ((ObjectNode) application.path("spec")).put("project", payload.path("app").path("project").asText("default"));
        ObjectNode operation = (ObjectNode) application.path("status").path("operationState");
        operation.put("startedAt", payload.path("operation").path("startedAt").asText());
        operation.put("phase", payload.path("operation").path("phase").asText());
        ((ObjectNode) operation.path("syncResult")).put("revision", payload.path("operation").path("syncResult").path("revision").asText());
        store(application);
    }

    void store(ObjectNode application) {
        GenericKubernetesResource resource = Yaml.JSON.convertValue(application, GenericKubernetesResource.class);
        var existing = client.genericKubernetesResources(APPLICATIONS).inNamespace("argocd").withName(resource.getMetadata().getName());
        GenericKubernetesResource current = existing.get();
        if (current == null) {
            client.genericKubernetesResources(APPLICATIONS).inNamespace("argocd").resource(resource).create();
        } else {
            resource.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
            client.genericKubernetesResources(APPLICATIONS).inNamespace("argocd").resource(resource).update();
        }
    }

    /** Records the payload's operation in its Application, then delivers it. */
    ValidatableResponse deliver(ObjectNode payload) throws Exception {
        record(payload);
        return post(payload);
    }

    static ValidatableResponse post(Object body) {
        return given().header("Authorization", "Bearer " + WebhookConfigResource.TOKEN).contentType("application/json")
                .body(body.toString()).when().post("/v1/argocd/sync").then();
    }

    List<GenericKubernetesResource> runsOf(long operation) {
        return runsOf(Long.toString(operation));
    }

    List<GenericKubernetesResource> runsOf(String operation) {
        return client.genericKubernetesResources(TektonResources.pipelineRuns("v1")).inNamespace(namespace)
                .withLabel("synchook.dev/operation", operation).list().getItems();
    }

    @Test
    void aNotificationCreatesTheRunAndARepeatedOneAdoptsIt() throws Exception {
        long op = OPERATION.incrementAndGet();
        ObjectNode payload = payload("guestbook", op);
        record(payload);
        String body = payload.toString();

        String name = post(body).statusCode(201).body("outcome", equalTo("created")).body("namespace", equalTo(namespace))
                .body("revision", equalTo(SHA)).body("phase", equalTo("PostSync")).body("app", equalTo("guestbook"))
                .body("name", startsWith("guestbook-postsync-4f2a9c1-")).extract().path("name");
        String uid = post(body).statusCode(200).body("outcome", equalTo("adopted")).body("name", equalTo(name))
                .extract().path("uid");

        List<GenericKubernetesResource> runs = runsOf(op);
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.getMetadata().getName()).isEqualTo(name);
            assertThat(run.getMetadata().getUid()).isEqualTo(uid);
            assertThat(run.getMetadata().getLabels()).containsEntry("synchook.dev/phase", "postsync")
                    .containsEntry("synchook.dev/app", "guestbook");
            JsonNode spec = Yaml.JSON.valueToTree(run.getAdditionalProperties().get("spec"));
            assertThat(spec.path("pipelineRef").path("name").asText()).isEqualTo("build-and-deploy");
            assertThat(spec.path("params").toString()).contains("{\"name\":\"git-revision\",\"value\":\"" + SHA + "\"}")
                    .contains("{\"name\":\"image-tag\",\"value\":\"1.4.2\"}")
                    .contains("{\"name\":\"source\",\"value\":\"argocd-notification\"}");
        });
    }

    @Test
    void fiftyConcurrentDeliveriesLeaveExactlyOneRun() throws Exception {
        long op = OPERATION.incrementAndGet();
        ObjectNode payload = payload("guestbook", op);
        record(payload);
        String body = payload.toString();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(syncUrl.toURI()).header("Authorization", "Bearer " + WebhookConfigResource.TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            responses.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            HttpResponse<String> r = response.get();
            statuses.add(r.statusCode());
            names.add(Yaml.JSON.readTree(r.body()).path("name").asText());
        }
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(49);
        assertThat(names).containsOnly(names.get(0));
        assertThat(runsOf(op)).hasSize(1);
    }

    @Test
    void theShippedTemplatesPayloadNamesTheRunAsTriggerWould() throws Exception {
        Cli.Result render = Cli.run(factory, "render", "-o", "json", "-n", namespace, "--app", "guestbook",
                "--app-namespace", "guestbook", "--revision", SHA, "--pipeline", "build-and-deploy",
                "--job-name", "guestbook-hook-4f2a9c1-postsync-" + SAMPLE_OPERATION);
        assertThat(render.exitCode()).as(render.toString()).isZero();
        String triggerName = Yaml.JSON.readTree(render.out()).path("metadata").path("name").asText();

        String body = new String(WebhookSyncTest.class.getResourceAsStream("/webhook/notification-guestbook-succeeded.json")
                .readAllBytes(), StandardCharsets.UTF_8);
        record((ObjectNode) Yaml.JSON.readTree(body));
        post(body).statusCode(201).body("name", equalTo(triggerName));
        assertThat(runsOf(SAMPLE_OPERATION)).singleElement()
                .satisfies(run -> assertThat(run.getMetadata().getName()).isEqualTo(triggerName));
    }

    @Test
    void withoutValidCredentialsTheAnswerIs401WithNoDetailAndNothingIsCreated() throws Exception {
        long op = OPERATION.incrementAndGet();
        String body = payload("guestbook", op).toString();
        given().contentType("application/json").body(body).post("/v1/argocd/sync").then().statusCode(401).body(is(emptyString()));
        given().header("Authorization", "Bearer wrong-token").contentType("application/json").body(body)
                .post("/v1/argocd/sync").then().statusCode(401).body(is(emptyString()));
        given().header("Authorization", "Bearer " + WebhookConfigResource.TOKEN + "x").contentType("application/json").body(body)
                .post("/v1/argocd/sync").then().statusCode(401);
        given().header("Authorization", "Basic " + WebhookConfigResource.TOKEN).contentType("application/json").body(body)
                .post("/v1/argocd/sync").then().statusCode(401);
        given().header(WebhookAuth.SIGNATURE_HEADER, "sha256=" + sign("another-secret", body)).contentType("application/json")
                .body(body).post("/v1/argocd/sync").then().statusCode(401).body(is(emptyString()));
        given().header(WebhookAuth.SIGNATURE_HEADER, "sha256=nothex").contentType("application/json").body(body)
                .post("/v1/argocd/sync").then().statusCode(401);
        // signed, then changed
        given().header(WebhookAuth.SIGNATURE_HEADER, "sha256=" + sign(WebhookConfigResource.HMAC_SECRET, body))
                .contentType("application/json").body(body.replace("guestbook", "guestbook-x")).post("/v1/argocd/sync")
                .then().statusCode(401);
        assertThat(runsOf(op)).isEmpty();
    }

    @Test
    void aValidHmacSignatureIsAccepted() throws Exception {
        long op = OPERATION.incrementAndGet();
        ObjectNode payload = payload("guestbook", op);
        record(payload);
        String body = payload.toString();
        given().header(WebhookAuth.SIGNATURE_HEADER, "sha256=" + sign(WebhookConfigResource.HMAC_SECRET, body))
                .contentType("application/json").body(body).post("/v1/argocd/sync").then().statusCode(201);
        assertThat(runsOf(op)).hasSize(1);
    }

    @Test
    void anOversizedBodyIs413AndCreatesNothing() throws Exception {
        long op = OPERATION.incrementAndGet();
        ObjectNode payload = payload("guestbook", op);
        payload.put("padding", "x".repeat(65 * 1024));
        post(payload).statusCode(413).body("outcome", equalTo("too_large"));
        // oversized and unauthenticated: still 413, still nothing
        given().contentType("application/json").body(payload.toString()).post("/v1/argocd/sync").then().statusCode(413);
        assertThat(runsOf(op)).isEmpty();
    }

    @Test
    void aBodyThatIsNotJsonIs415Or400() throws Exception {
        long op = OPERATION.incrementAndGet();
        String body = payload("guestbook", op).toString();
        given().header("Authorization", "Bearer " + WebhookConfigResource.TOKEN).contentType("text/plain").body(body)
                .post("/v1/argocd/sync").then().statusCode(415).body("outcome", equalTo("unsupported"));
        post("{\"app\": ").statusCode(400).body("field", equalTo("body"));
        post("[1, 2]").statusCode(400).body("field", equalTo("body"));
        assertThat(runsOf(op)).isEmpty();
    }

    static Stream<Arguments> invalidFields() {
        return Stream.of(
                Arguments.of("app.name", null, "app.name", "is missing"),
                Arguments.of("app.name", 42, "app.name", "is not a string"),
                Arguments.of("app.name", "guest book", "app.name", "contains whitespace"),
                Arguments.of("operation.phase", "Running", "operation.phase", "is not a finished operation"),
                Arguments.of("operation.phase", null, "operation.phase", "is missing"),
                Arguments.of("operation.startedAt", "yesterday", "operation.startedAt", "is not an RFC 3339 time"),
                Arguments.of("operation.startedAt", null, "operation.startedAt", "is missing"),
                Arguments.of("operation.syncResult.revision", "4f2a 9c1", "operation.syncResult.revision", "contains whitespace"),
                Arguments.of("operation.syncResult.revision", null, "operation.syncResult.revision", "is missing"),
                Arguments.of("operation.initiatedBy.automated", "yes", "operation.initiatedBy.automated", "is not a boolean"),
                Arguments.of("sync.revision", 42, "sync.revision", "is not a string"),
                Arguments.of("images", "ghcr.io/acme/guestbook:1.4.2", "images", "is not an array of strings"),
                Arguments.of("history", Map.of("revision", "x"), "history", "is not an array"),
                Arguments.of("app.destinationNamespace", "guest\nbook", "app.destinationNamespace", "contains a control character"));
    }

    @ParameterizedTest
    @MethodSource("invalidFields")
    void anInvalidFieldIs400NamingItAndCreatesNothing(String path, Object value, String field, String message) throws Exception {
        long op = OPERATION.incrementAndGet();
        // an app no Application exists for: discovery finds nothing to fill the gap with
        ObjectNode payload = with(payload("guestbook-invalid", op), path, value);
        if (path.equals("operation.syncResult.revision") && value == null) {
            ((ObjectNode) payload.path("operation").path("syncResult")).remove("revision");
            payload.remove("sync"); // the revision the hook door falls back to without a sync result
        }
        post(payload).statusCode(400).body("outcome", equalTo("invalid")).body("field", equalTo(field))
                .body("error", containsString(message));
        assertThat(runsOf(op)).isEmpty();
    }

    @Test
    void routesDecideWhatRunsAndAnUnmatchedAppIsIgnored() throws Exception {
        long op = OPERATION.incrementAndGet();
        ObjectNode shop = with(payload("shop-cart", op), "app.project", "retail");
        deliver(shop).statusCode(201);
        JsonNode spec = Yaml.JSON.valueToTree(runsOf(op).get(0).getAdditionalProperties().get("spec"));
        assertThat(spec.path("pipelineRef").path("name").asText()).isEqualTo("shop-deploy");
        assertThat(spec.path("params").toString()).contains("{\"name\":\"previous\",\"value\":\"" + WebhookPayloadTest.PREVIOUS + "\"}");

        long op2 = OPERATION.incrementAndGet();
        deliver(with(payload("shop-cart", op2), "app.project", "default")).statusCode(202).body("outcome", equalTo("ignored"))
                .body("reason", containsString("no route matches application shop-cart in project default"));
        deliver(payload("unrelated", op2)).statusCode(202).body("outcome", equalTo("ignored")).body("app", equalTo("unrelated"));
        // a route for SyncFail only
        deliver(payload("nightly", op2)).statusCode(202).body("outcome", equalTo("ignored"));
        deliver(with(payload("nightly", op2), "operation.phase", "Failed")).statusCode(201).body("phase", equalTo("SyncFail"));
        assertThat(runsOf(op2)).singleElement().satisfies(run -> assertThat(run.getMetadata().getLabels())
                .containsEntry("synchook.dev/app", "nightly").containsEntry("synchook.dev/phase", "syncfail"));
    }

    @Test
    void aRouteWithATemplateRendersIt() throws Exception {
        long op = OPERATION.incrementAndGet();
        deliver(payload("rollback-web", op)).statusCode(201);
        JsonNode spec = Yaml.JSON.valueToTree(runsOf(op).get(0).getAdditionalProperties().get("spec"));
        assertThat(spec.path("pipelineRef").path("resolver").asText()).isEqualTo("git");
        assertThat(spec.path("params").toString())
                .contains("{\"name\":\"to-revision\",\"value\":\"" + WebhookPayloadTest.PREVIOUS + "\"}")
                .contains("{\"name\":\"app\",\"value\":\"rollback-web\"}")
                .contains("{\"name\":\"source\",\"value\":\"argocd-notification\"}");
        assertThat(spec.path("timeouts").path("pipeline").asText()).isEqualTo("30m");
    }

    @Test
    void missingValuesAreReadFromTheApplication() throws Exception {
        long op = OPERATION.incrementAndGet();
        // "argocd" outlives a test run on a real API server: the name must be new each run.
        String app = "guestbook-discovered-" + op + "-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        ObjectNode application = (ObjectNode) WebhookPayloadTest.resource("application-guestbook.json");
        ((ObjectNode) application.path("metadata")).put("name", app);
        ((ObjectNode) application.path("status").path("operationState")).put("startedAt", Instant.ofEpochSecond(op).toString());
        client.genericKubernetesResources(APPLICATIONS).inNamespace("argocd")
                .resource(Yaml.JSON.convertValue(application, GenericKubernetesResource.class)).create();

        ObjectNode minimal = (ObjectNode) Yaml.JSON.readTree("{\"app\": {\"name\": \"" + app + "\", \"namespace\": \"argocd\"},"
                + " \"operation\": {\"phase\": \"Succeeded\", \"startedAt\": \"" + Instant.ofEpochSecond(op) + "\"}}");
        post(minimal).statusCode(201).body("revision", equalTo(SHA));
        assertThat(runsOf(op)).singleElement().satisfies(run -> assertThat(run.getMetadata().getAnnotations())
                .containsEntry("synchook.dev/app-namespace", "guestbook"));

        // The Application has synced again since: its result belongs to another operation and is not used.
        long older = OPERATION.incrementAndGet() - 1_000;
        ObjectNode stale = (ObjectNode) minimal.deepCopy();
        ((ObjectNode) stale.path("operation")).put("startedAt", Instant.ofEpochSecond(older).toString());
        post(stale).statusCode(400).body("field", equalTo("operation.syncResult.revision"));
    }

    @Test
    void healthAndMetrics() throws Exception {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItem("tekton-pipelineruns"));
        deliver(payload("guestbook", OPERATION.incrementAndGet())).statusCode(201);
        given().post("/v1/argocd/sync").then().statusCode(401);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("synchook_webhook_requests_total{outcome=\"created\"}")
                .contains("synchook_webhook_requests_total{outcome=\"unauthorized\"}")
                .contains("synchook_webhook_runs_total{result=\"created\"}")
                .contains("synchook_webhook_create_seconds_bucket");
    }

    /** The counter synchook_webhook_refused_total{reason}, 0 before its first increment. */
    static double refused(String reason) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("synchook_webhook_refused_total{reason=\"" + reason + "\"}"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }

    /** What no answer may carry: internals of the receiver, its ServiceAccount and the API server. */
    static void assertNoInternals(String body) {
        assertThat(body).doesNotContain("Exception").doesNotContain("system:serviceaccount").doesNotContainIgnoringCase("forbidden:")
                .doesNotContain("/apis/").doesNotContain("/api/v1").doesNotContain("\tat ").doesNotContain("dev.synchook.")
                .doesNotContain("io.fabric8");
    }

    @Test
    void forgedPayloadsAgainstTheApplicationAreRefusedAndCreateNothing() throws Exception {
        long op = OPERATION.incrementAndGet();
        ObjectNode genuine = payload("guestbook", op);
        record(genuine);
        double before = refused("disagreement");
        record Forgery(String path, Object value, String field) {
        }
        List<Forgery> forgeries = List.of(
                new Forgery("operation.syncResult.revision", "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef", "operation.syncResult.revision"),
                new Forgery("operation.syncResult.source.repoURL", "https://github.com/evil/guestbook-config.git",
                        "operation.syncResult.source.repoURL"),
                new Forgery("images", List.of("ghcr.io/evil/guestbook:6.6.6"), "images"),
                new Forgery("operation.phase", "Failed", "operation.phase"));
        for (Forgery forgery : forgeries) {
            String body = post(with(genuine.deepCopy(), forgery.path(), forgery.value())).statusCode(409)
                    .body("outcome", equalTo("disagreement")).body("field", equalTo(forgery.field()))
                    .body("requestId", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{16}"))
                    .header(WebhookGate.REQUEST_ID_HEADER, org.hamcrest.Matchers.matchesPattern("[0-9a-f]{16}"))
                    .extract().asString();
            // the answer names the field, never what the Application records
            assertThat(body).as(forgery.path()).doesNotContain(SHA).doesNotContain("ghcr.io/acme");
            assertNoInternals(body);
        }
        assertThat(runsOf(op)).isEmpty();
        assertThat(refused("disagreement")).isEqualTo(before + forgeries.size());

        // the genuine notification still runs
        post(genuine).statusCode(201).body("revision", equalTo(SHA));
        assertThat(runsOf(op)).hasSize(1);
    }

    @Test
    void anOperationTheApplicationNeverRecordedIsUnconfirmedAndCreatesNothing() throws Exception {
        long op = OPERATION.incrementAndGet();
        record(payload("guestbook-unconfirmed", op));
        double before = refused("unconfirmed");
        long never = OPERATION.incrementAndGet();
        post(payload("guestbook-unconfirmed", never)).statusCode(202).body("outcome", equalTo("unconfirmed"))
                .body("error", containsString("nothing was created"));
        // an Application that does not exist confirms nothing either
        post(payload("guestbook-no-such-app", never)).statusCode(202).body("outcome", equalTo("unconfirmed"));
        assertThat(runsOf(never)).isEmpty();
        assertThat(refused("unconfirmed")).isEqualTo(before + 2);
    }

    @Test
    void aLateNotificationForAnOperationNowInHistoryStillRuns() throws Exception {
        long old = OPERATION.incrementAndGet();
        long now = OPERATION.incrementAndGet();
        String app = "guestbook-late-" + old;
        ObjectNode application = (ObjectNode) WebhookPayloadTest.resource("application-guestbook.json");
        ((ObjectNode) application.path("metadata")).put("name", app);
        ((ObjectNode) application.path("status").path("operationState")).put("startedAt", Instant.ofEpochSecond(now).toString());
        // history[0] is the operation that deployed PREVIOUS: it started at `old`
        ((ObjectNode) application.path("status").path("history").path(0)).put("deployStartedAt", Instant.ofEpochSecond(old).toString());
        store(application);

        ObjectNode late = with(payload(app, old), "operation.syncResult.revision", WebhookPayloadTest.PREVIOUS);
        // claiming the newer revision for the old operation is a disagreement with its history entry
        post(payload(app, old)).statusCode(409).body("field", equalTo("operation.syncResult.revision"));
        assertThat(runsOf(old)).isEmpty();
        post(late).statusCode(201).body("revision", equalTo(WebhookPayloadTest.PREVIOUS));
        assertThat(runsOf(old)).hasSize(1);
    }

    static String signAt(String secret, long timestamp, String body) throws Exception {
        return sign(secret, timestamp + "." + body);
    }

    @Test
    void timestampedSignaturesOutsideTheToleranceOrAlteredAreRefused() throws Exception {
        long op = OPERATION.incrementAndGet();
        ObjectNode payload = payload("guestbook", op);
        record(payload);
        String body = payload.toString();
        long now = Instant.now().getEpochSecond();
        double stale = refused("timestamp_outside_tolerance");
        double wrong = refused("wrong_signature");
        // captured ten minutes ago, replayed now: the signature is genuine, the time is not
        signedPost(body, now - 600, signAt(WebhookConfigResource.HMAC_SECRET, now - 600, body)).statusCode(401).body(is(emptyString()));
        // from the future
        signedPost(body, now + 600, signAt(WebhookConfigResource.HMAC_SECRET, now + 600, body)).statusCode(401);
        // an old signature with a fresh timestamp header: the signed string changed
        signedPost(body, now, signAt(WebhookConfigResource.HMAC_SECRET, now - 600, body)).statusCode(401);
        // a body signature without the timestamp, sent with one
        signedPost(body, now, sign(WebhookConfigResource.HMAC_SECRET, body)).statusCode(401);
        // a valid signature over a modified body
        signedPost(body.replace("overlays/prod", "overlays/evil"), now, signAt(WebhookConfigResource.HMAC_SECRET, now, body))
                .statusCode(401);
        assertThat(runsOf(op)).isEmpty();
        assertThat(refused("timestamp_outside_tolerance")).isEqualTo(stale + 2);
        assertThat(refused("wrong_signature")).isEqualTo(wrong + 3);

        signedPost(body, now, signAt(WebhookConfigResource.HMAC_SECRET, now, body)).statusCode(201);
        // the same delivery again inside the window only finds the same run
        signedPost(body, now, signAt(WebhookConfigResource.HMAC_SECRET, now, body)).statusCode(200).body("outcome", equalTo("adopted"));
        assertThat(runsOf(op)).hasSize(1);
    }

    static ValidatableResponse signedPost(String body, long timestamp, String signature) {
        return given().header(WebhookAuth.SIGNATURE_HEADER, "sha256=" + signature)
                .header(WebhookAuth.TIMESTAMP_HEADER, Long.toString(timestamp)).contentType("application/json").body(body)
                .post("/v1/argocd/sync").then();
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AndCreatesNothing() throws Exception {
        long op = OPERATION.incrementAndGet();
        ObjectNode payload = payload("guestbook", op);
        record(payload);
        payload.put("padding", "x".repeat(200 * 1024));
        byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
        HttpClient http = HttpClient.newHttpClient();
        // ofInputStream has no known length: the client sends it chunked, with no Content-Length
        HttpRequest request = HttpRequest.newBuilder(syncUrl.toURI()).header("Authorization", "Bearer " + WebhookConfigResource.TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))).build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (java.io.IOException e) {
            // the receiver may close the connection before the client has sent the rest
            status = 413;
        }
        assertThat(status).isEqualTo(413);
        // declared too large and unauthenticated: refused before anything is read
        try (java.net.Socket socket = new java.net.Socket(syncUrl.getHost(), syncUrl.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /v1/argocd/sync HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 413");
        }
        // a wrong bearer token with a body still to come: answered 401 from the headers alone, nothing waits for the body
        try (java.net.Socket socket = new java.net.Socket(syncUrl.getHost(), syncUrl.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /v1/argocd/sync HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer wrong\r\nContent-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 401");
        }
        assertThat(runsOf(op)).isEmpty();
    }

    @Test
    void errorAnswersCarryARequestIdAndNoInternalsAndTheLogHasTheDetail() throws Exception {
        List<String> bodies = new ArrayList<>();
        bodies.add(post("{\"app\": ").statusCode(400).extract().asString());
        bodies.add(post(with(payload("guestbook-invalid", 1L), "app.name", 42)).statusCode(400).extract().asString());
        ObjectNode big = payload("guestbook", 1L);
        big.put("padding", "x".repeat(65 * 1024));
        bodies.add(post(big).statusCode(413).extract().asString());
        long op = OPERATION.incrementAndGet();
        ObjectNode forged = payload("guestbook", op);
        record(forged);
        bodies.add(post(with(forged, "operation.syncResult.revision", "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef")).statusCode(409)
                .extract().asString());
        if (mock != null) {
            // The receiver's ServiceAccount may not read this Application: 503, the RBAC detail only in the log.
            mock.expect().get().withPath("/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/guestbook-forbidden")
                    .andReturn(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403,"
                            + "\"message\":\"applications.argoproj.io \\\"guestbook-forbidden\\\" is forbidden: User "
                            + "\\\"system:serviceaccount:synchook:synchook-webhook\\\" cannot get resource \\\"applications\\\"\"}")
                    .always();
            try (LogCapture log = new LogCapture("dev.synchook.webhook.SyncResource")) {
                io.restassured.response.Response answer = given().header("Authorization", "Bearer " + WebhookConfigResource.TOKEN)
                        .contentType("application/json").body(payload("guestbook-forbidden", op).toString()).post("/v1/argocd/sync");
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.header("Retry-After")).isNotNull();
                String id = answer.jsonPath().getString("requestId");
                assertThat(answer.header(WebhookGate.REQUEST_ID_HEADER)).isEqualTo(id);
                bodies.add(answer.asString());
                assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("[" + id + "]").contains("forbidden")
                        .contains("applications.argoproj.io"));
            }
        }
        // the receiver's own configuration cannot make this run (its route needs a digest no image has): 422, detail in the log
        long digestOp = OPERATION.incrementAndGet();
        ObjectNode digest = payload("digest-web", digestOp);
        record(digest);
        try (LogCapture log = new LogCapture("dev.synchook.webhook.SyncResource")) {
            io.restassured.response.Response answer = given().header("Authorization", "Bearer " + WebhookConfigResource.TOKEN)
                    .contentType("application/json").body(digest.toString()).post("/v1/argocd/sync");
            assertThat(answer.statusCode()).isEqualTo(422);
            assertThat(answer.jsonPath().getString("outcome")).isEqualTo("misconfigured");
            bodies.add(answer.asString());
            String id = answer.jsonPath().getString("requestId");
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("[" + id + "]").contains("image_digest"));
        }
        assertThat(runsOf(digestOp)).isEmpty();
        for (String body : bodies) {
            assertNoInternals(body);
            assertThat(Yaml.JSON.readTree(body).path("requestId").asText()).matches("[0-9a-f]{16}");
        }
        assertThat(runsOf(op)).isEmpty();
    }

    @Test
    void aRotatedTokenFileTakesEffectWithoutARestart() throws Exception {
        long op = OPERATION.incrementAndGet();
        ObjectNode payload = payload("guestbook", op);
        record(payload);
        java.nio.file.Path file = WebhookConfigResource.tokenFile;
        java.nio.file.attribute.FileTime start = java.nio.file.Files.getLastModifiedTime(file);
        try {
            // during the rotation both tokens work
            java.nio.file.Files.writeString(file, WebhookConfigResource.TOKEN + "\nrotated-token-9e1f\n");
            java.nio.file.Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(start.toMillis() + 1000));
            given().header("Authorization", "Bearer rotated-token-9e1f").contentType("application/json").body(payload.toString())
                    .post("/v1/argocd/sync").then().statusCode(201);
            post(payload).statusCode(200);
            // then the old one is gone
            java.nio.file.Files.writeString(file, "rotated-token-9e1f\n");
            java.nio.file.Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(start.toMillis() + 2000));
            post(payload).statusCode(401).body(is(emptyString()));
            given().header("Authorization", "Bearer rotated-token-9e1f").contentType("application/json").body(payload.toString())
                    .post("/v1/argocd/sync").then().statusCode(200).body("outcome", equalTo("adopted"));
        } finally {
            java.nio.file.Files.writeString(file, WebhookConfigResource.TOKEN + "\n");
            java.nio.file.Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(start.toMillis() + 3000));
        }
        post(payload).statusCode(200);
        assertThat(runsOf(op)).hasSize(1);
    }

    @Test
    void tooManyDeliveriesForOneAppAre429WithRetryAfter() throws Exception {
        long op = OPERATION.incrementAndGet();
        String body = payload("guestbook-rate", op).toString();
        int limit = Integer.parseInt(WebhookConfigResource.APP_RATE);
        io.restassured.response.Response limited = null;
        // a minute boundary may reset the count once: two windows' worth is enough to reach the limit
        for (int i = 0; i <= 2 * limit + 1 && limited == null; i++) {
            io.restassured.response.Response r = given().header("Authorization", "Bearer " + WebhookConfigResource.TOKEN)
                    .contentType("application/json").body(body).post("/v1/argocd/sync");
            if (r.statusCode() == 429) {
                limited = r;
            } else {
                assertThat(r.statusCode()).isEqualTo(202);
            }
        }
        assertThat(limited).as("no 429 after " + (2 * limit + 2) + " deliveries").isNotNull();
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
        assertThat(limited.jsonPath().getString("outcome")).isEqualTo("rate_limited");
        assertThat(refused("rate_limited")).isGreaterThanOrEqualTo(1);
    }

    static String sign(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
