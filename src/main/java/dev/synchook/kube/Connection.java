package dev.synchook.kube;

import dev.synchook.SynchookException;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One named way to a cluster: {@code local} (the pod's own cluster), {@code argocd} (where Applications
 * are read) or {@code tekton} (where runs are written). A remote one is built from its kubeconfig on first
 * use, so a command that never uses it never reads the file; one that is not configured is the local
 * cluster under its own name.
 */
public final class Connection implements AutoCloseable {

    private final String name;
    private final ConnectionSettings.Remote remote;
    private final Supplier<KubernetesClient> local;
    /** Whether errors name this connection: only when some connection leaves the local cluster. */
    private final boolean named;
    private KubernetesClient client;
    private String server;
    private String context;

    private Connection(String name, ConnectionSettings.Remote remote, Supplier<KubernetesClient> local, boolean named) {
        this.name = name;
        this.remote = remote;
        this.local = local;
        this.named = named;
    }

    /**
     * @param local the local cluster's client, also used when {@code remote} is not configured
     * @param named whether messages name the connection (any connection of the process is remote)
     */
    public static Connection of(String name, ConnectionSettings.Remote remote, Supplier<KubernetesClient> local, boolean named) {
        return new Connection(name, remote, local, named);
    }

    public String name() {
        return name;
    }

    /** Whether this connection has a kubeconfig of its own. */
    public boolean remote() {
        return remote.configured();
    }

    public synchronized KubernetesClient client() {
        if (client == null) {
            client = remote.configured() ? build() : local.get();
        }
        return client;
    }

    /** The namespace of the kubeconfig context, if it names one (read without contacting the server). */
    public Optional<String> kubeconfigNamespace() {
        return Optional.ofNullable(client().getNamespace()).filter(ns -> !ns.isBlank());
    }

    /** This connection in errors and logs, or null when there is only the local cluster. */
    public ApiRetry.Where where() {
        return named ? new ApiRetry.Where(describe(), rbacFile()) : null;
    }

    /** {@code tekton connection (kubeconfig /x, context ci, server https://10.0.0.1:6443)}. */
    public synchronized String describe() {
        if (!remote.configured()) {
            return name + " connection (" + (name.equals(ConnectionSettings.LOCAL) ? "the pod's own cluster" : "the local cluster")
                    + ")";
        }
        return name + " connection (kubeconfig " + remote.kubeconfig().get() + (context == null ? "" : ", context " + context)
                + (server == null ? "" : ", server " + server) + ")";
    }

    /** The shipped RBAC for what this connection does on its cluster. */
    String rbacFile() {
        return switch (name) {
            case ConnectionSettings.TEKTON -> "manifests/rbac/multi-cluster/tekton-cluster";
            case ConnectionSettings.ARGOCD -> "manifests/rbac/multi-cluster/argocd-cluster";
            default -> "manifests/rbac/multi-cluster/app-cluster";
        };
    }

    private KubernetesClient build() {
        Path file = remote.kubeconfig().get();
        String flag = "--" + name + "-kubeconfig";
        if (!Files.isRegularFile(file)) {
            throw SynchookException.badInput(flag, file.toString(), "does not exist (" + name + " connection, " + remote.source() + ")",
                    "mount the Secret holding the " + name + " cluster's kubeconfig there or fix the path (docs/multi-cluster.md)");
        }
        if (!Files.isReadable(file)) {
            throw SynchookException.badInput(flag, file.toString(), "is not readable (" + name + " connection)",
                    "make the mounted Secret readable by the pod's user (defaultMode 0444)");
        }
        io.fabric8.kubernetes.api.model.Config parsed;
        try {
            parsed = KubeConfigUtils.parseConfig(file.toFile());
        } catch (RuntimeException e) {
            throw SynchookException.badInput(flag, file.toString(), "is not a kubeconfig (" + name + " connection): "
                    + oneLine(e.getMessage()), "write a kubeconfig there, e.g. with 'kubectl config view --minify --raw'");
        }
        List<String> contexts = parsed == null || parsed.getContexts() == null ? List.of()
                : parsed.getContexts().stream().map(NamedContext::getName).toList();
        String chosen = remote.context().orElse(parsed == null ? null : parsed.getCurrentContext());
        if (chosen == null || chosen.isBlank()) {
            throw SynchookException.badInput("--" + name + "-context", null, "is not set and " + file + " has no current-context ("
                    + name + " connection)", "pass --" + name + "-context, one of " + contexts);
        }
        if (!contexts.contains(chosen)) {
            throw SynchookException.badInput("--" + name + "-context", chosen, "is not a context in " + file + " (" + name
                    + " connection)", "pick one of " + contexts);
        }
        Config config;
        try {
            config = Config.fromKubeconfig(chosen, file.toFile());
        } catch (RuntimeException e) {
            throw SynchookException.badInput(flag, file.toString(), "cannot be used (" + name + " connection, context " + chosen
                    + "): " + oneLine(e.getMessage()), "fix the kubeconfig's cluster and user entries");
        }
        // synchook retries requests itself (synchook.api.*), as for the local client.
        config.setRequestRetryBackoffLimit(0);
        this.context = chosen;
        this.server = config.getMasterUrl();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }

    /** Closes a client this connection built; the local cluster's client is not this connection's to close. */
    @Override
    public synchronized void close() {
        if (client != null && remote.configured()) {
            client.close();
        }
        client = null;
    }
}
