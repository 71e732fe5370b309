package dev.synchook.kube;

import dev.synchook.SynchookException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the {@code argocd} and {@code tekton} connections go: a kubeconfig file and optionally a context in
 * it, each one setting in three spellings ({@code --tekton-kubeconfig}, {@code synchook.tekton-kubeconfig},
 * {@code SYNCHOOK_TEKTON_KUBECONFIG}). A connection with no kubeconfig uses the one mounted at
 * {@code /var/run/secrets/synchook-clusters/<name>/kubeconfig} when that file exists, else the local cluster.
 */
public record ConnectionSettings(Remote argocd, Remote tekton) {

    /** The folder the shipped multi-cluster component mounts one Secret per connection into. */
    public static final Path MOUNT_ROOT = Path.of("/var/run/secrets/synchook-clusters");

    /** The connection names, as in flags, settings, logs and errors. */
    public static final String LOCAL = "local";
    public static final String ARGOCD = "argocd";
    public static final String TEKTON = "tekton";

    /** Everything on the local cluster: today's single-cluster behaviour. */
    public static final ConnectionSettings LOCAL_ONLY = new ConnectionSettings(Remote.NONE, Remote.NONE);

    /**
     * A remote connection's kubeconfig and context.
     *
     * @param source how the kubeconfig was named, for messages: {@code --tekton-kubeconfig} or the mount path
     */
    public record Remote(Optional<Path> kubeconfig, Optional<String> context, String source) {
        public static final Remote NONE = new Remote(Optional.empty(), Optional.empty(), "");

        public boolean configured() {
            return kubeconfig.isPresent();
        }
    }

    /**
     * Reads the settings {@code value} gives by setting name ({@code tekton-kubeconfig}, {@code tekton-context}, ...):
     * a command line's flags over {@code synchook.*} settings.
     *
     * @param mountRoot where mounted kubeconfigs are looked for ({@link #MOUNT_ROOT} outside tests)
     */
    public static ConnectionSettings read(Function<String, Optional<String>> value, Path mountRoot) {
        return new ConnectionSettings(remote(ARGOCD, value, mountRoot), remote(TEKTON, value, mountRoot));
    }

    private static Remote remote(String name, Function<String, Optional<String>> value, Path mountRoot) {
        Optional<String> context = value.apply(name + "-context").map(String::strip).filter(s -> !s.isEmpty());
        Optional<String> given = value.apply(name + "-kubeconfig").map(String::strip).filter(s -> !s.isEmpty());
        if (given.isPresent()) {
            return new Remote(Optional.of(Path.of(given.get())), context, "--" + name + "-kubeconfig");
        }
        Path mounted = mountRoot.resolve(name).resolve("kubeconfig");
        if (Files.exists(mounted)) {
            return new Remote(Optional.of(mounted), context, "mounted " + mounted);
        }
        if (context.isPresent()) {
            throw SynchookException.badInput("--" + name + "-context", context.get(), "names a context but no kubeconfig is set",
                    "pass --" + name + "-kubeconfig FILE (or mount it at " + mounted + ")");
        }
        return Remote.NONE;
    }

    public Remote of(String connection) {
        return switch (connection) {
            case ARGOCD -> argocd;
            case TEKTON -> tekton;
            default -> Remote.NONE;
        };
    }

    /** Whether any connection leaves the local cluster. */
    public boolean split() {
        return argocd.configured() || tekton.configured();
    }
}
