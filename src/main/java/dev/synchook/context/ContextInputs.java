package dev.synchook.context;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the resolver may read without a cluster.
 *
 * @param explicit values given by flag or {@code synchook.*}/{@code SYNCHOOK_*} setting, with their source
 * @param env the process environment (Argo CD build-environment names, {@code POD_NAMESPACE})
 * @param jobName the hook Job's own name (downward API label {@code job-name})
 * @param jobUid the hook Job's UID (downward API label {@code controller-uid})
 * @param podNamespace the namespace the hook pod runs in
 * @param clientNamespace the kubeconfig's namespace, the last fallback for where runs go
 * @param applicationNamespace where the Application lives, when the sender says (a notification's {@code app.namespace})
 * @param notified the Application as a notification carried it: read before the live one, by the same rules
 * @param discovery whether and how to read the hook Job and the Application
 */
public record ContextInputs(
        Map<ContextKey, Sourced> explicit,
        Map<String, String> env,
        Optional<Sourced> jobName,
        Optional<Sourced> jobUid,
        Optional<Sourced> podNamespace,
        Optional<Sourced> clientNamespace,
        Optional<Sourced> applicationNamespace,
        Optional<ApplicationSnapshot> notified,
        Discovery discovery) {

    private static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    public ContextInputs {
        explicit = Map.copyOf(explicit);
        env = Map.copyOf(env);
    }

    /** The pod's own namespace: {@code POD_NAMESPACE} (downward API), else its service account's; empty outside a pod. */
    public static Optional<Sourced> podNamespace(Map<String, String> env) {
        return Optional.ofNullable(env.get("POD_NAMESPACE")).filter(ns -> !ns.isBlank()).map(ns -> new Sourced(ns, "env POD_NAMESPACE"))
                .or(() -> serviceAccountNamespace().map(ns -> new Sourced(ns, "service account namespace")));
    }

    /** The namespace a pod's service account token was issued in; empty outside a pod. */
    private static Optional<String> serviceAccountNamespace() {
        try {
            return Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)
                    ? Optional.of(Files.readString(SERVICE_ACCOUNT_NAMESPACE).strip()).filter(ns -> !ns.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static ContextInputs of(Map<ContextKey, Sourced> explicit, Map<String, String> env) {
        return new ContextInputs(explicit, env, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Discovery.OFF);
    }

    /** These inputs with {@code values} given explicitly too, over the ones already given. */
    public ContextInputs withExplicit(Map<ContextKey, Sourced> values) {
        Map<ContextKey, Sourced> merged = new java.util.EnumMap<>(ContextKey.class);
        merged.putAll(explicit);
        merged.putAll(values);
        return new ContextInputs(merged, env, jobName, jobUid, podNamespace, clientNamespace, applicationNamespace, notified, discovery);
    }

    public ContextInputs withDiscovery(Discovery other) {
        return new ContextInputs(explicit, env, jobName, jobUid, podNamespace, clientNamespace, applicationNamespace, notified, other);
    }
}
