package dev.synchook.multicluster;

import static dev.synchook.testing.TektonStatus.condition;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.synchook.render.Yaml;
import dev.synchook.tekton.TektonResources;
import dev.synchook.testing.Cli;
import dev.synchook.testing.TektonStatus;
import dev.synchook.testing.ThreeClusters;
import dev.synchook.testing.ThreeClusters.Cluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Hub and spokes: the hook runs in the spoke (its Job there is the test application's own cluster), the
 * Application lives on the Argo CD hub, and runs go to the CI cluster. On three real API servers when
 * {@link ThreeClusters#real()} (each connection then a ServiceAccount bound only by the shipped
 * manifests/rbac/multi-cluster RBAC), else on three fabric8 mock servers.
 */
@QuarkusTest
@QuarkusTestResource(value = ThreeClusters.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiClusterTest {

    static final String SHA = "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39";
    static final ResourceDefinitionContext APPLICATIONS = new ResourceDefinitionContext.Builder().withGroup("argoproj.io")
            .withVersion("v1alpha1").withKind("Application").withPlural("applications").withNamespaced(true).build();

    @Inject
    CommandLine.IFactory factory;

    ThreeClusters clusters;
    Cluster hub;
    Cluster spoke;
    Cluster ci;
    /** Unique per run, so that runs of this app are this test's alone on shared servers. */
    String app = "shop-" + UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    void createJobsAndApplication() throws Exception {
        clusters = ThreeClusters.current();
        hub = clusters.hub();
        spoke = clusters.spoke();
        ci = clusters.ci();
        for (String phase : List.of("PostSync", "SyncFail")) {
            String name = "synchook-" + phase.toLowerCase();
            Job job = new JobBuilder().withNewMetadata().withName(name).withNamespace(spoke.namespace())
                    .addToAnnotations("argocd.argoproj.io/hook", phase)
                    .addToAnnotations("argocd.argoproj.io/tracking-id", app + ":batch/Job:" + spoke.namespace() + "/" + name)
                    .endMetadata()
                    .withNewSpec().withSuspend(true).withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                    .addNewContainer().withName("synchook").withImage("ghcr.io/synchook/synchook:0.1.0").endContainer()
                    .endSpec().endTemplate().endSpec().build();
            spoke.admin().batch().v1().jobs().inNamespace(spoke.namespace()).resource(job).create();
        }
        try (InputStream in = getClass().getResourceAsStream("/applications/single-source.json")) {
            ObjectNode application = (ObjectNode) Yaml.JSON.readTree(in);
            ((ObjectNode) application.path("metadata")).put("namespace", hub.namespace()).put("name", app);
            hub.admin().genericKubernetesResources(APPLICATIONS).inNamespace(hub.namespace())
                    .resource(Yaml.JSON.treeToValue(application, GenericKubernetesResource.class)).create();
        }
    }

    @AfterAll
    void noRunOnTheHubOrTheSpoke() {
        // Runs are only ever written through the tekton connection.
        assertThat(runsOf(hub)).as("runs on the hub").isEmpty();
        if (servesTekton(spoke)) {
            assertThat(runsOf(spoke)).as("runs on the spoke").isEmpty();
        }
    }

    /** The hook as the shipped manifests run it: its Job name and namespace, and the two kubeconfigs. */
    private String[] hook(String command, String job, Path argocd, Path tekton, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, "--job-name", job, "--pod-namespace", spoke.namespace(),
                "--argocd-namespace", hub.namespace(), "--argocd-kubeconfig", argocd.toString(),
                "--tekton-kubeconfig", tekton.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private String[] trigger(Path argocd, Path tekton, String... extra) {
        List<String> args = new ArrayList<>(List.of("--pipeline", "post-deploy-verify", "-p", "revision={{ revision }}",
                "-p", "repo={{ repo_url }}", "--termination-log", ""));
        args.addAll(List.of(extra));
        return hook("trigger", "synchook-postsync", argocd, tekton, args.toArray(String[]::new));
    }

    @Test
    void triggerDiscoversOnTheSpokeAndTheHubAndCreatesOneRunOnTheCiCluster() throws Exception {
        Cli.Result result = Cli.run(factory, trigger(hub.kubeconfig(), ci.kubeconfig()));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode summary = Yaml.JSON.readTree(result.lastLine());
        assertThat(summary.path("outcome").asText()).isEqualTo("created");
        assertThat(summary.path("app").asText()).isEqualTo(app);
        assertThat(summary.path("revision").asText()).as("read from the hub's Application").isEqualTo(SHA);
        assertThat(summary.path("namespace").asText()).as("the tekton kubeconfig's namespace").isEqualTo(ci.namespace());
        List<GenericKubernetesResource> runs = postSyncRuns();
        assertThat(runs).hasSize(1);
        JsonNode params = Yaml.JSON.valueToTree(runs.get(0).getAdditionalProperties().get("spec")).path("params");
        assertThat(params.toString()).contains("\"value\":\"" + SHA + "\"")
                .contains("\"value\":\"https://github.com/acme/guestbook-config.git\"");

        Cli.Result again = Cli.run(factory, trigger(hub.kubeconfig(), ci.kubeconfig()));
        JsonNode retried = Yaml.JSON.readTree(again.lastLine());
        assertThat(retried.path("outcome").asText()).as(again.toString()).isEqualTo("adopted");
        assertThat(retried.path("name").asText()).isEqualTo(summary.path("name").asText());
        assertThat(postSyncRuns()).hasSize(1);
    }

    @Test
    void waitFollowsTheRunOnTheCiCluster() throws Exception {
        CompletableFuture<Void> controller = CompletableFuture.runAsync(() -> {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (Instant.now().isBefore(deadline)) {
                List<GenericKubernetesResource> runs = runsOf(ci).stream()
                        .filter(r -> "syncfail".equals(r.getMetadata().getLabels().get("synchook.dev/phase"))).toList();
                if (!runs.isEmpty()) {
                    sleep(500);
                    new TektonStatus(ci.admin(), ci.namespace()).runStatus(runs.get(0).getMetadata().getName(),
                            condition("True", "Succeeded", "Tasks Completed: 1"), List.of(), List.of());
                    return;
                }
                sleep(200);
            }
        });
        Cli.Result result = Cli.run(factory, hook("trigger", "synchook-syncfail", hub.kubeconfig(), ci.kubeconfig(),
                "--pipeline", "on-sync-fail", "--wait", "--wait-timeout", "2m", "--termination-log", ""));
        controller.get(1, TimeUnit.MINUTES);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode summary = Yaml.JSON.readTree(result.lastLine());
        assertThat(summary.path("phase").asText()).isEqualTo("SyncFail");
        assertThat(summary.path("result").asText()).as(result.toString()).isEqualTo("Succeeded");
        assertThat(summary.path("namespace").asText()).isEqualTo(ci.namespace());
    }

    @Test
    void contextNamesTheConnectionEachValueCameThrough() throws Exception {
        Cli.Result result = Cli.run(factory, hook("context", "synchook-postsync", hub.kubeconfig(), ci.kubeconfig(), "-o", "json"));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode values = Yaml.JSON.readTree(result.out()).path("values");
        assertThat(values.path("app_name").path("source").asText())
                .isEqualTo("job " + spoke.namespace() + "/synchook-postsync (local) annotation argocd.argoproj.io/tracking-id");
        assertThat(values.path("revision").path("source").asText())
                .isEqualTo("application " + hub.namespace() + "/" + app + " (argocd) .status.operationState.syncResult.revision");
        assertThat(values.path("namespace").path("value").asText()).isEqualTo(ci.namespace());
        assertThat(values.path("namespace").path("source").asText()).isEqualTo("tekton connection kubeconfig context");
    }

    @Test
    void aTektonContextWithoutNamespaceAndNoNamespaceFlagIsExitTwo() throws Exception {
        String text = java.nio.file.Files.readString(ci.kubeconfig()).replaceAll("(?m)^\\s+namespace: .*\\R", "");
        Path noNamespace = java.nio.file.Files.writeString(clusters.dir().resolve("ci-no-namespace.kubeconfig"), text);
        int before = runsOf(ci).size();

        Cli.Result result = Cli.run(factory, trigger(hub.kubeconfig(), noNamespace, "--operation-id", "no-namespace"));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("--namespace: is not set and the context of the tekton connection")
                .contains("pass -n NAMESPACE");
        assertThat(runsOf(ci)).hasSize(before);

        Cli.Result withFlag = Cli.run(factory, trigger(hub.kubeconfig(), noNamespace, "--operation-id", "no-namespace",
                "-n", ci.namespace()));
        assertThat(withFlag.exitCode()).as(withFlag.toString()).isZero();
        assertThat(Yaml.JSON.readTree(withFlag.lastLine()).path("namespace").asText()).isEqualTo(ci.namespace());
    }

    @Test
    void serveWithAMissingKubeconfigStopsAtStartNamingTheConnection() {
        Path missing = clusters.dir().resolve("no-such-hub.kubeconfig");
        Cli.Result result = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofMinutes(2),
                () -> Cli.run(factory, "serve", "--argocd-kubeconfig", missing.toString()));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("--argocd-kubeconfig \"" + missing + "\": does not exist (argocd connection");
    }

    static Stream<Arguments> brokenConnections() {
        List<Arguments> all = new ArrayList<>();
        for (String connection : List.of("argocd", "tekton")) {
            for (String fault : List.of("missing file", "wrong CA", "401", "403", "unreachable")) {
                all.add(Arguments.of(connection, fault));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("brokenConnections")
    void aBrokenConnectionIsItsExitCodeAndNamesItAndNothingIsCreated(String connection, String fault) throws Exception {
        Cluster target = connection.equals("argocd") ? hub : ci;
        HttpServer rejecting = null;
        Path broken;
        switch (fault) {
            case "missing file" -> broken = clusters.dir().resolve("no-such-" + connection + ".kubeconfig");
            case "wrong CA" -> broken = clusters.writeKubeconfig(connection, secure(target.server()), ThreeClusters.unrelatedCaData(),
                    "any", target.namespace());
            case "401" -> {
                if (ThreeClusters.real()) {
                    broken = clusters.writeKubeconfig(connection, target.server(), target.caData(), "not-a-valid-token", target.namespace());
                } else {
                    rejecting = rejecting(401, "Unauthorized", "Unauthorized");
                    broken = clusters.writeKubeconfig(connection, url(rejecting), null, "any", target.namespace());
                }
            }
            case "403" -> {
                if (ThreeClusters.real()) {
                    broken = clusters.writeKubeconfig(connection, target.server(), target.caData(), tokenWithoutRbac(target),
                            target.namespace());
                } else {
                    rejecting = rejecting(403, "Forbidden", "applications.argoproj.io is forbidden: User \\\"system:serviceaccount:"
                            + target.namespace() + ":nobody\\\" cannot do that");
                    broken = clusters.writeKubeconfig(connection, url(rejecting), null, "any", target.namespace());
                }
            }
            case "unreachable" -> broken = clusters.writeKubeconfig(connection, "https://127.0.0.1:" + ThreeClusters.closedPort(),
                    target.caData(), "any", target.namespace());
            default -> throw new IllegalArgumentException(fault);
        }
        int before = runsOf(ci).size();
        try {
            Path argocd = connection.equals("argocd") ? broken : hub.kubeconfig();
            Path tekton = connection.equals("tekton") ? broken : ci.kubeconfig();
            // a sync no earlier test created a run for: a new operation
            Cli.Result result = Cli.run(factory, trigger(argocd, tekton, "--operation-id", "broken-" + UUID.randomUUID()));

            int expected = fault.equals("missing file") ? 2 : 3;
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(expected);
            assertThat(result.err()).as(result.toString()).contains(connection + " connection");
            if (!fault.equals("missing file")) {
                assertThat(result.err()).as(result.toString()).contains("kubeconfig " + broken);
            }
            if (fault.equals("wrong CA")) {
                assertThat(result.err()).contains("TLS: the server's certificate is not trusted");
            }
            if (fault.equals("403")) {
                assertThat(result.err()).contains("forbidden").contains("manifests/rbac/multi-cluster/"
                        + (connection.equals("argocd") ? "argocd-cluster" : "tekton-cluster"));
            }
            assertThat(runsOf(ci)).as("nothing created").hasSize(before);
        } finally {
            if (rejecting != null) {
                rejecting.stop(0);
            }
        }
    }

    /** A token of a ServiceAccount that no Role binds: authenticated, allowed nothing. */
    private static String tokenWithoutRbac(Cluster cluster) {
        KubernetesClient admin = cluster.admin();
        if (admin.serviceAccounts().inNamespace(cluster.namespace()).withName("nobody").get() == null) {
            admin.serviceAccounts().inNamespace(cluster.namespace()).resource(new ServiceAccountBuilder().withNewMetadata()
                    .withName("nobody").endMetadata().build()).create();
        }
        return admin.serviceAccounts().inNamespace(cluster.namespace()).withName("nobody")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build())
                .getStatus().getToken();
    }

    /** An API server stand-in answering every request with one status (the mocks cannot authenticate). */
    private static HttpServer rejecting(int code, String reason, String message) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"" + message
                + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}").getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String secure(String server) {
        return server.replaceFirst("^http:", "https:");
    }

    private List<GenericKubernetesResource> runsOf(Cluster cluster) {
        return cluster.admin().genericKubernetesResources(TektonResources.pipelineRuns("v1")).inAnyNamespace()
                .withLabel("synchook.dev/app", app).list().getItems();
    }

    /** This app's PostSync runs on the CI cluster for the Application's own operation (other tests name theirs). */
    private List<GenericKubernetesResource> postSyncRuns() {
        return runsOf(ci).stream().filter(r -> "postsync".equals(r.getMetadata().getLabels().get("synchook.dev/phase")))
                .filter(r -> "1763900000".equals(r.getMetadata().getLabels().get("synchook.dev/operation"))).toList();
    }

    private static boolean servesTekton(Cluster cluster) {
        return cluster.admin().getApiGroup(TektonResources.GROUP) != null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
