package dev.synchook.kube;

import dev.synchook.SynchookException;
import dev.synchook.context.ClusterReader;
import dev.synchook.context.KubeClusterReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The clusters, reached only by what needs them: clients are built on first use, so {@code render}
 * and {@code context} build none unless they read a cluster. {@link #client()} is the {@code tekton}
 * connection's, where runs live; discovery reads through the local and {@code argocd} connections.
 */
@ApplicationScoped
public class KubeAccess {

    @Inject
    Connections connections;

    @Inject
    RetrySettings retrySettings;

    /** The {@code tekton} connection's client: where runs live. */
    public KubernetesClient client() {
        return connections.tekton().client();
    }

    public ApiRetry retry() {
        return new ApiRetry(retrySettings.policy());
    }

    /** The namespace given, else the tekton connection's (the pod's or the kubeconfig's); exit 2 when there is none. */
    public String namespaceOr(String given) {
        String namespace = given != null && !given.isBlank() ? given : client().getNamespace();
        if (namespace == null) {
            throw SynchookException.badInput("--namespace", null, "is not set and the "
                    + (connections.tekton().remote() ? "tekton connection's " : "") + "kubeconfig names none", "pass -n NAMESPACE");
        }
        return namespace;
    }

    /**
     * Discovery's reads (the hook's Job locally, the Application on the argocd connection); null when no
     * cluster is configured at all, so that a dry run on a laptop never waits on a connection that cannot
     * succeed. The planner makes each read at most once per plan ({@code ClusterReader.once}).
     */
    public ClusterReader discoveryReader() {
        return clusterConfigured() || connections.split()
                ? new KubeClusterReader(connections.local(), connections.argocd(), retry()) : null;
    }

    /**
     * Whether any cluster is configured, judged as fabric8 finds one but without reading it: an API server
     * URL setting, a pod's service environment, or a kubeconfig file that exists.
     */
    public static boolean clusterConfigured() {
        if (ConfigProvider.getConfig().getOptionalValue("quarkus.kubernetes-client.api-server-url", String.class).isPresent()
                || present(System.getProperty("kubernetes.master")) || present(System.getenv("KUBERNETES_MASTER"))
                || present(System.getenv("KUBERNETES_SERVICE_HOST"))) {
            return true;
        }
        String files = Optional.ofNullable(System.getProperty("kubeconfig")).or(() -> Optional.ofNullable(System.getenv("KUBECONFIG")))
                .orElse(Path.of(System.getProperty("user.home", ""), ".kube", "config").toString());
        for (String file : files.split(java.io.File.pathSeparator)) {
            if (!file.isBlank() && Files.isReadable(Path.of(file))) {
                return true;
            }
        }
        return false;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
