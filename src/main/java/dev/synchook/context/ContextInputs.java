package dev.synchook.context;

import java.util.Map;
import java.util.Optional;

/**
 * Everything the resolver may read without a cluster.
 *
 * @param explicit values given by flag or {@code synchook.*}/{@code SYNCHOOK_*} setting, with their source
 * @param env the process environment (Argo CD build-environment names, {@code POD_NAMESPACE})
 * @param jobName the hook Job's own name (downward API label {@code batch.kubernetes.io/job-name})
 * @param jobUid the hook Job's UID (downward API label {@code batch.kubernetes.io/controller-uid})
 * @param podNamespace the namespace the hook pod runs in
 * @param clientNamespace the kubeconfig's namespace, the last fallback for where runs go
 * @param discovery whether and how to read the hook Job and the Application
 */
public record ContextInputs(
        Map<ContextKey, Sourced> explicit,
        Map<String, String> env,
        Optional<Sourced> jobName,
        Optional<Sourced> jobUid,
        Optional<Sourced> podNamespace,
        Optional<Sourced> clientNamespace,
        Discovery discovery) {

    public ContextInputs {
        explicit = Map.copyOf(explicit);
        env = Map.copyOf(env);
    }

    public static ContextInputs of(Map<ContextKey, Sourced> explicit, Map<String, String> env) {
        return new ContextInputs(explicit, env, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Discovery.OFF);
    }
}
