package dev.synchook.context;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import dev.synchook.kube.ApiAction;
import dev.synchook.kube.ApiRetry;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.function.Supplier;

/**
 * Discovery's reads through fabric8, one GET each, never a write. A 403 or an unreachable API server
 * is not an error here: the resolver records it and goes on, and only a value that is then still
 * missing fails the command, naming this read.
 */
public final class KubeClusterReader implements ClusterReader {

    static final ResourceDefinitionContext JOBS = new ResourceDefinitionContext.Builder().withGroup("batch").withVersion("v1")
            .withKind("Job").withPlural("jobs").withNamespaced(true).build();
    static final ResourceDefinitionContext APPLICATIONS = new ResourceDefinitionContext.Builder().withGroup("argoproj.io")
            .withVersion("v1alpha1").withKind("Application").withPlural("applications").withNamespaced(true).build();

    private final Supplier<KubernetesClient> client;
    private final ApiRetry retry;

    /** @param client called on the first read only: commands that need no read build no client */
    public KubeClusterReader(Supplier<KubernetesClient> client, ApiRetry retry) {
        this.client = client;
        this.retry = retry;
    }

    @Override
    public Read job(String namespace, String name) {
        return read(JOBS, "jobs.batch", namespace, name);
    }

    @Override
    public Read application(String namespace, String name) {
        return read(APPLICATIONS, "applications.argoproj.io", namespace, name);
    }

    private Read read(ResourceDefinitionContext type, String resource, String namespace, String name) {
        ApiAction get = ApiAction.of("get", resource, namespace).named(name);
        try {
            KubernetesClient kube = client.get();
            GenericKubernetesResource found = retry.call(get, () -> kube.genericKubernetesResources(type).inNamespace(namespace)
                    .withName(name).get());
            return found == null ? Read.missing("not found")
                    : Read.found(kube.getKubernetesSerialization().convertValue(found, JsonNode.class));
        } catch (SynchookException e) {
            return e.exitCode() == ExitCode.API_UNAVAILABLE ? Read.refused(e.getMessage()) : Read.missing(e.getMessage());
        } catch (RuntimeException e) {
            return Read.missing("failed: " + e.getMessage());
        }
    }
}
