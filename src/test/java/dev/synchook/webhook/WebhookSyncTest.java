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
import dev.synchook.testing.ClusterResource;
import dev.synchook.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
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
        String body = payload("guestbook", op).toString();

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
        String body = payload("guestbook", op).toString();
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
        String body = payload("guestbook", op).toString();
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
        }
        post(payload).statusCode(400).body("outcome", equalTo("invalid")).body("field", equalTo(field))
                .body("error", containsString(message));
        assertThat(runsOf(op)).isEmpty();
    }

    @Test
    void routesDecideWhatRunsAndAnUnmatchedAppIsIgnored() throws Exception {
        long op = OPERATION.incrementAndGet();
        ObjectNode shop = with(payload("shop-cart", op), "app.project", "retail");
        post(shop).statusCode(201);
        JsonNode spec = Yaml.JSON.valueToTree(runsOf(op).get(0).getAdditionalProperties().get("spec"));
        assertThat(spec.path("pipelineRef").path("name").asText()).isEqualTo("shop-deploy");
        assertThat(spec.path("params").toString()).contains("{\"name\":\"previous\",\"value\":\"" + WebhookPayloadTest.PREVIOUS + "\"}");

        long op2 = OPERATION.incrementAndGet();
        post(with(payload("shop-cart", op2), "app.project", "default")).statusCode(202).body("outcome", equalTo("ignored"))
                .body("reason", containsString("no route matches application shop-cart in project default"));
        post(payload("unrelated", op2)).statusCode(202).body("outcome", equalTo("ignored")).body("app", equalTo("unrelated"));
        // a route for SyncFail only
        post(payload("nightly", op2)).statusCode(202).body("outcome", equalTo("ignored"));
        post(with(payload("nightly", op2), "operation.phase", "Failed")).statusCode(201).body("phase", equalTo("SyncFail"));
        assertThat(runsOf(op2)).singleElement().satisfies(run -> assertThat(run.getMetadata().getLabels())
                .containsEntry("synchook.dev/app", "nightly").containsEntry("synchook.dev/phase", "syncfail"));
    }

    @Test
    void aRouteWithATemplateRendersIt() throws Exception {
        long op = OPERATION.incrementAndGet();
        post(payload("rollback-web", op)).statusCode(201);
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
        String app = "guestbook-discovered-" + op;
        ObjectNode application = (ObjectNode) WebhookPayloadTest.resource("application-guestbook.json");
        ((ObjectNode) application.path("metadata")).put("name", app);
        ((ObjectNode) application.path("status").path("operationState")).put("startedAt", Instant.ofEpochSecond(op).toString());
        // createOr(update): a real API server kept for several test runs still has the last run's Application
        client.genericKubernetesResources(APPLICATIONS).inNamespace("argocd")
                .resource(Yaml.JSON.convertValue(application, GenericKubernetesResource.class))
                .createOr(NonDeletingOperation::update);

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
        post(payload("guestbook", OPERATION.incrementAndGet())).statusCode(201);
        given().post("/v1/argocd/sync").then().statusCode(401);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("synchook_webhook_requests_total{outcome=\"created\"}")
                .contains("synchook_webhook_requests_total{outcome=\"unauthorized\"}")
                .contains("synchook_webhook_runs_total{result=\"created\"}")
                .contains("synchook_webhook_create_seconds_bucket");
    }

    static String sign(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
