package dev.synchook.context;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import dev.synchook.kube.ApiAction;
import dev.synchook.kube.ApiRetry;
import dev.synchook.kube.Connection;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * Discovery's reads through fabric8, one GET each, never a write: the hook's Job through the local
 * connection (the pod's own cluster), the Application through the {@code argocd} connection. A 403 or an
 * unreachable API server is not an error here: the resolver records it and goes on, and only a value that
 * is then still missing fails the command, naming this read. Except on a connection with a kubeconfig of
 * its own: a cluster configured for this is expected to answer, so its failure ends the command, naming it.
 */
public final class KubeClusterReader implements ClusterReader {

    static final ResourceDefinitionContext JOBS = new ResourceDefinitionContext.Builder().withGroup("batch").withVersion("v1")
            .withKind("Job").withPlural("jobs").withNamespaced(true).build();
    static final ResourceDefinitionContext APPLICATIONS = new ResourceDefinitionContext.Builder().withGroup("argoproj.io")
            .withVersion("v1alpha1").withKind("Application").withPlural("applications").withNamespaced(true).build();

    private final Connection local;
    private final Connection argocd;
    private final ApiRetry retry;

    /**
     * @param local where Jobs are read
     * @param argocd where Applications are read
     */
    public KubeClusterReader(Connection local, Connection argocd, ApiRetry retry) {
        this.local = local;
        this.argocd = argocd;
        this.retry = retry;
    }

    @Override
    public Read job(String namespace, String name) {
        return read(local, JOBS, "jobs.batch", namespace, name);
    }

    @Override
    public Read application(String namespace, String name) {
        return read(argocd, APPLICATIONS, "applications.argoproj.io", namespace, name);
    }

    private Read read(Connection connection, ResourceDefinitionContext type, String resource, String namespace, String name) {
        ApiAction get = ApiAction.of("get", resource, namespace).named(name);
        String via = connection.where() == null ? null : connection.name();
        try {
            KubernetesClient kube = connection.client();
            GenericKubernetesResource found = retry.on(connection.where()).call(get, () -> kube.genericKubernetesResources(type)
                    .inNamespace(namespace).withName(name).get());
            return (found == null ? Read.missing("not found")
                    : Read.found(kube.getKubernetesSerialization().convertValue(found, JsonNode.class))).via(via);
        } catch (SynchookException e) {
            if (connection.remote()) {
                throw e;
            }
            return (e.exitCode() == ExitCode.API_UNAVAILABLE ? Read.refused(e.getMessage()) : Read.missing(e.getMessage())).via(via);
        } catch (RuntimeException e) {
            if (connection.remote()) {
                throw new SynchookException(ExitCode.API_UNAVAILABLE, "Kubernetes API: " + get + " on the "
                        + connection.describe() + " failed: " + e.getMessage(), "check that connection's kubeconfig", e);
            }
            return Read.missing("failed: " + e.getMessage()).via(via);
        }
    }
}
