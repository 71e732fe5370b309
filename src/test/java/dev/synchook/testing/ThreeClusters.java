package dev.synchook.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.manifests.ManifestsTest;
import dev.synchook.render.Yaml;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Three clusters for hub-and-spoke tests: the hub (Argo CD: the Application), the spoke (the hook Job;
 * the test application's own cluster, so its local connection) and the CI cluster (Tekton).
 *
 * <p>Real API servers when {@code SYNCHOOK_IT_KUBECONFIG} (hub), {@code SYNCHOOK_IT_KUBECONFIG_B} (spoke,
 * best without Tekton CRDs) and {@code SYNCHOOK_IT_KUBECONFIG_C} (CI, with the Tekton CRDs) all name admin
 * kubeconfigs. There every connection is a ServiceAccount bound only by the shipped
 * {@code manifests/rbac/multi-cluster} RBAC of its cluster, with a token from the TokenRequest API. Else three
 * fabric8 mock servers in CRUD mode, with admin-like kubeconfigs.
 */
public class ThreeClusters implements QuarkusTestResourceLifecycleManager {

    public static final String SPOKE_ENV = "SYNCHOOK_IT_KUBECONFIG_B";
    public static final String CI_ENV = "SYNCHOOK_IT_KUBECONFIG_C";

    /** One cluster: an admin client for the test, the namespace of its part, the kubeconfig synchook uses there. */
    public record Cluster(String name, KubernetesClient admin, String namespace, Path kubeconfig, String server, String caData) {
    }

    private static ThreeClusters current;

    private final List<KubernetesServer> mocks = new java.util.ArrayList<>();
    private Path dir;
    private Cluster hub;
    private Cluster spoke;
    private Cluster ci;
    private String previousKubeconfig;

    public static boolean real() {
        return List.of(ClusterResource.KUBECONFIG_ENV, SPOKE_ENV, CI_ENV).stream()
                .allMatch(e -> System.getenv(e) != null && !System.getenv(e).isBlank());
    }

    public static ThreeClusters current() {
        return current;
    }

    public Cluster hub() {
        return hub;
    }

    public Cluster spoke() {
        return spoke;
    }

    public Cluster ci() {
        return ci;
    }

    public Path dir() {
        return dir;
    }

    /** Settings the test application starts with besides the cluster's: none here. */
    protected Map<String, String> settings() {
        return Map.of();
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new java.util.HashMap<>(clusters());
        config.putAll(settings());
        return config;
    }

    private Map<String, String> clusters() {
        try {
            dir = Files.createTempDirectory("synchook-three-clusters");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        current = this;
        String hubKubeconfig = System.getenv(ClusterResource.KUBECONFIG_ENV);
        if (!real() && hubKubeconfig != null && !hubKubeconfig.isBlank()) {
            ClusterReport.ranOnMockOnly(ThreeClusters.class, "the hub-and-spoke tests ran on three mocks: set " + SPOKE_ENV
                    + " and " + CI_ENV + " too, or run `make test-cluster`");
        }
        if (real()) {
            hub = realCluster("hub", System.getenv(ClusterResource.KUBECONFIG_ENV), "hub-argocd-" + suffix,
                    "manifests/rbac/multi-cluster/argocd-cluster", "argocd");
            spoke = realCluster("spoke", System.getenv(SPOKE_ENV), "spoke-app-" + suffix,
                    "manifests/rbac/multi-cluster/app-cluster", "my-app");
            ci = realCluster("ci", System.getenv(CI_ENV), "ci-" + suffix, "manifests/rbac/multi-cluster/tekton-cluster", "ci");
            previousKubeconfig = System.getProperty("kubeconfig");
            // The test application is the hook pod in the spoke: its own cluster is the local connection.
            System.setProperty("kubeconfig", spoke.kubeconfig().toString());
            return Map.of("quarkus.kubernetes-client.devservices.enabled", "false");
        }
        hub = mockCluster("hub", "hub-argocd-" + suffix, false);
        spoke = mockCluster("spoke", "spoke-app-" + suffix, false);
        ci = mockCluster("ci", "ci-" + suffix, true);
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", spoke.server(),
                "quarkus.kubernetes-client.trust-certs", "true",
                "quarkus.kubernetes-client.namespace", spoke.namespace(),
                "quarkus.kubernetes-client.devservices.enabled", "false");
    }

    private Cluster mockCluster(String name, String namespace, boolean tekton) {
        KubernetesServer mock = new KubernetesServer(true, true, InetAddress.getLoopbackAddress(), 0, ClusterResource.crds());
        mock.before();
        mocks.add(mock);
        if (tekton) {
            ClusterResource.serveTektonDiscovery(mock, "v1", "v1beta1");
        }
        KubernetesClient admin = mock.getClient();
        TestNamespace.createNamed(admin, namespace);
        String server = admin.getMasterUrl().toString();
        Path kubeconfig = writeKubeconfig(name, server, null, "mock-token", namespace);
        return new Cluster(name, admin, namespace, kubeconfig, server, null);
    }

    /**
     * A namespace of the test's own on a real cluster, the shipped RBAC of that cluster applied into it (its
     * namespace {@code shipped} replaced by the test's), and a kubeconfig with a token of its ServiceAccount.
     */
    private Cluster realCluster(String name, String adminKubeconfig, String namespace, String rbac, String shipped) {
        io.fabric8.kubernetes.api.model.Config parsed = KubeConfigUtils.parseConfig(Path.of(adminKubeconfig).toFile());
        NamedContext context = parsed.getContexts().stream().filter(c -> c.getName().equals(parsed.getCurrentContext()))
                .findFirst().orElseThrow();
        NamedCluster cluster = parsed.getClusters().stream().filter(c -> c.getName().equals(context.getContext().getCluster()))
                .findFirst().orElseThrow();
        String server = cluster.getCluster().getServer();
        String caData = cluster.getCluster().getCertificateAuthorityData();
        KubernetesClient admin;
        try {
            admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(Path.of(adminKubeconfig)))).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestNamespace.createNamed(admin, namespace);
        for (JsonNode object : ManifestsTest.render(Path.of(rbac))) {
            if (object.path("kind").asText().equals("Secret")) {
                continue; // a long-lived token Secret needs the token controller, which these test servers do not run
            }
            ObjectNode moved = object.deepCopy();
            ((ObjectNode) moved.path("metadata")).put("namespace", namespace);
            moved.path("subjects").forEach(s -> ((ObjectNode) s).put("namespace", namespace));
            if (!object.path("metadata").path("namespace").asText().equals(shipped)) {
                throw new IllegalStateException(rbac + ": " + object.path("metadata") + " is not in namespace " + shipped);
            }
            admin.resource(Yaml.JSON.convertValue(moved, GenericKubernetesResource.class)).create();
        }
        String token = admin.serviceAccounts().inNamespace(namespace).withName("synchook-hook")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        Path kubeconfig = writeKubeconfig(name, server, caData, token, namespace);
        return new Cluster(name, admin, namespace, kubeconfig, server, caData);
    }

    /** A kubeconfig with one context {@code name}: the server, its CA (none: TLS not verified), a token, a namespace. */
    public Path writeKubeconfig(String name, String server, String caData, String token, String namespace) {
        String tls = caData == null ? "insecure-skip-tls-verify: true" : "certificate-authority-data: " + caData;
        String text = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                    %3$s
                users:
                - name: %1$s-user
                  user:
                    token: %4$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s-user
                    namespace: %5$s
                current-context: %1$s
                """.formatted(name, server, tls, token, namespace);
        try {
            return Files.writeString(dir.resolve(name + "-" + UUID.randomUUID().toString().substring(0, 6) + ".kubeconfig"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CA that signed none of the test servers, base64 as in a kubeconfig. */
    public static String unrelatedCaData() {
        try (var in = ThreeClusters.class.getResourceAsStream("/multi-cluster/unrelated-ca.crt")) {
            return Base64.getEncoder().encodeToString(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loopback port nothing listens on. */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        for (Cluster cluster : new Cluster[] {hub, spoke, ci}) {
            if (cluster != null && real()) {
                TestNamespace.delete(cluster.admin(), cluster.namespace());
                cluster.admin().close();
            }
        }
        mocks.forEach(KubernetesServer::after);
        if (real()) {
            if (previousKubeconfig == null) {
                System.clearProperty("kubeconfig");
            } else {
                System.setProperty("kubeconfig", previousKubeconfig);
            }
        }
        current = null;
    }
}
