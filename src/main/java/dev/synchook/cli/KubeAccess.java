package dev.synchook.cli;

import dev.synchook.SynchookException;
import dev.synchook.kube.ApiRetry;
import dev.synchook.kube.RetrySettings;
import dev.synchook.tekton.TektonRuns;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/** The cluster, reached only by commands that need it: {@code render} and {@code context} never build a client. */
@ApplicationScoped
public class KubeAccess {

    @Inject
    Instance<KubernetesClient> client;

    @Inject
    RetrySettings retrySettings;

    public KubernetesClient client() {
        return client.get();
    }

    /** The namespace given, else the client's (the pod's or the kubeconfig's); exit 2 when there is none. */
    public String namespaceOr(String given) {
        String namespace = given != null && !given.isBlank() ? given : client().getNamespace();
        if (namespace == null) {
            throw SynchookException.badInput("--namespace", null, "is not set and the kubeconfig names none", "pass -n NAMESPACE");
        }
        return namespace;
    }

    public ApiRetry retry() {
        return new ApiRetry(retrySettings.policy());
    }

    public TektonRuns tektonRuns() {
        return new TektonRuns(client(), retry());
    }
}
