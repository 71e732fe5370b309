package dev.synchook.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.render.Yaml;
import dev.synchook.tekton.TektonResources;
import dev.synchook.testing.RealApiServer;
import dev.synchook.testing.ServiceAccounts;
import dev.synchook.testing.SynchookProcess;
import dev.synchook.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Least privilege of the webhook receiver, end to end, on a real API server: the packaged
 * {@code synchook serve} runs as the ServiceAccount {@code synchook-webhook} (a TokenRequest token)
 * bound by exactly the Roles of manifests/webhook. With them, a minimal notification (values read
 * from the Application) creates the run and a repeated one adopts it; with any one permission taken
 * away, the answer is a 503 and the log line of its request names the verb, the resource and the namespace. Fresh namespaces per
 * case (a real server never finishes deleting them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookLeastPrivilegeIT {

    static final String TOKEN = "webhook-least-privilege";
    static final String SHA = "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39";
    static final ResourceDefinitionContext APPLICATIONS = new ResourceDefinitionContext.Builder().withGroup("argoproj.io")
            .withVersion("v1alpha1").withKind("Application").withPlural("applications").withNamespaced(true).build();

    KubernetesClient admin;
    Path adminKubeconfig;
    Path dir;
    final List<String> namespaces = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One case: its namespaces, and serve running as the webhook's ServiceAccount on {@code port}. */
    record Receiver(String ci, String argocd, int port, SynchookProcess process) {
    }

    @BeforeAll
    void realServer() throws Exception {
        adminKubeconfig = RealApiServer.require(getClass(), "needs a real API server to authenticate and authorize a ServiceAccount");
        admin = RealApiServer.adminClient(adminKubeconfig);
        dir = Files.createTempDirectory("synchook-webhook-least-privilege");
    }

    @AfterAll
    void deleteNamespaces() {
        if (admin != null) {
            namespaces.forEach(ns -> TestNamespace.delete(admin, ns));
            admin.close();
        }
    }

    Receiver receiver(UnaryOperator<ObjectNode> editRole) throws Exception {
        String home = namespace("wlp-synchook");
        String ci = namespace("wlp-ci");
        String argocd = namespace("wlp-argocd");
        ServiceAccounts.apply(admin, Path.of("manifests/webhook"), Map.of("synchook", home, "ci", ci, "argocd", argocd), editRole);
        try (InputStream in = getClass().getResourceAsStream("/applications/single-source.json")) {
            ObjectNode application = (ObjectNode) Yaml.JSON.readTree(in);
            ((ObjectNode) application.path("metadata")).put("namespace", argocd);
            // Argo CD's record once the operation the notification reports has finished
            ((ObjectNode) application.path("status").path("operationState")).put("phase", "Succeeded");
            admin.genericKubernetesResources(APPLICATIONS).inNamespace(argocd)
                    .resource(Yaml.JSON.treeToValue(application, GenericKubernetesResource.class)).create();
        }
        Path kubeconfig = ServiceAccounts.kubeconfig(RealApiServer.adminConfig(adminKubeconfig),
                ServiceAccounts.token(admin, home, "synchook-webhook"), home, dir.resolve(home).resolve("kubeconfig"));
        int port = freePort();
        SynchookProcess serve = SynchookProcess.start(kubeconfig, dir, Map.of("SYNCHOOK_PORT", Integer.toString(port),
                "SYNCHOOK_WEBHOOK_TOKEN", TOKEN, "SYNCHOOK_NAMESPACE", ci, "SYNCHOOK_PIPELINE", "post-deploy-verify",
                "SYNCHOOK_PARAM", "revision={{ revision }}"), "serve");
        Receiver receiver = new Receiver(ci, argocd, port, serve);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            try {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/live")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return receiver;
            } catch (IOException e) {
                assertThat(serve.isAlive()).as("serve is running:%n%s", serve.errSoFar()).isTrue();
                assertThat(Instant.now()).as("serve listens within 2 minutes:%n%s", serve.errSoFar()).isBefore(deadline);
                Thread.sleep(250);
            }
        }
    }

    private String namespace(String prefix) {
        String name = TestNamespace.create(admin, prefix);
        namespaces.add(name);
        return name;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A minimal notification: the revision and the sources come from the Application. */
    static String minimal(Receiver receiver) {
        return "{\"app\":{\"name\":\"guestbook\",\"namespace\":\"" + receiver.argocd() + "\"},"
                + "\"operation\":{\"phase\":\"Succeeded\",\"startedAt\":\"2025-11-23T12:13:20Z\"}}";
    }

    HttpResponse<String> post(Receiver receiver, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/v1/argocd/sync"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(1)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    List<GenericKubernetesResource> runs(Receiver receiver) {
        return admin.genericKubernetesResources(TektonResources.pipelineRuns("v1")).inNamespace(receiver.ci()).list().getItems();
    }

    @Test
    void theShippedRolesAreEnoughToCreateAndAdopt() throws Exception {
        Receiver receiver = receiver(ServiceAccounts.asShipped());
        try {
            HttpResponse<String> created = post(receiver, minimal(receiver));
            HttpResponse<String> again = post(receiver, minimal(receiver));

            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode answer = Yaml.JSON.readTree(created.body());
            assertThat(answer.path("revision").asText()).as("revision from the Application").isEqualTo(SHA);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(Yaml.JSON.readTree(again.body()).path("outcome").asText()).isEqualTo("adopted");
            assertThat(runs(receiver)).extracting(r -> r.getMetadata().getName()).containsExactly(answer.path("name").asText());
        } finally {
            receiver.process().destroy();
        }
    }

    /** Each permission of manifests/webhook taken away in turn: a 503, its log line naming the permission; nothing created. */
    @ParameterizedTest(name = "without {2} {1}")
    @CsvSource({
            "synchook-webhook-pipelineruns, pipelineruns, create, ci, pipelineruns.tekton.dev",
            "synchook-webhook-pipelineruns, pipelineruns, get, ci, pipelineruns.tekton.dev",
            "synchook-webhook-applications, applications, get, argocd, applications.argoproj.io"})
    void eachPermissionTakenAwayIsA503NamingIt(String role, String resource, String verb, String where, String apiResource)
            throws Exception {
        Receiver receiver = receiver(ServiceAccounts.without(role, resource, verb));
        try {
            String namespace = where.equals("ci") ? receiver.ci() : receiver.argocd();
            if (verb.equals("get") && resource.equals("pipelineruns")) {
                // only a repeated delivery reads the run: the first one creates it
                assertThat(post(receiver, minimal(receiver)).statusCode()).isEqualTo(201);
            }
            List<String> before = runs(receiver).stream().map(r -> r.getMetadata().getName()).toList();

            HttpResponse<String> answer = post(receiver, minimal(receiver));

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            // the answer names no internals; the receiver's log names the permission under the answer's request id
            String requestId = Yaml.JSON.readTree(answer.body()).path("requestId").asText();
            assertThat(answer.body()).doesNotContain(apiResource).doesNotContain("system:serviceaccount");
            assertThat(receiver.process().errSoFar().lines().filter(l -> l.contains(requestId)))
                    .as("log lines of request %s", requestId)
                    .anySatisfy(l -> assertThat(l).contains("cannot " + verb + " " + apiResource).contains("in namespace " + namespace));
            assertThat(runs(receiver)).extracting(r -> r.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(before);
        } finally {
            receiver.process().destroy();
        }
    }
}
