package dev.synchook.cli;

import picocli.CommandLine.Option;

/**
 * The clusters a command talks to, when Argo CD, the application and Tekton are not in one cluster.
 * Declared here for parsing and {@code --help}; the values are read with every other setting through
 * {@link CommandLineSettings} before the command runs ({@link Cli}), and {@code serve} reads them as settings.
 */
public class ConnectionOptions {

    @Option(names = "--tekton-kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig of the cluster where runs are created, followed and pruned (default: "
                    + "/var/run/secrets/synchook-clusters/tekton/kubeconfig if mounted, else the local cluster).")
    String tektonKubeconfig;

    @Option(names = "--tekton-context", paramLabel = "NAME", description = "Context in --tekton-kubeconfig (default: its current-context).")
    String tektonContext;

    @Option(names = "--argocd-kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig of the cluster where the Argo CD Applications are read (default: "
                    + "/var/run/secrets/synchook-clusters/argocd/kubeconfig if mounted, else the local cluster).")
    String argocdKubeconfig;

    @Option(names = "--argocd-context", paramLabel = "NAME", description = "Context in --argocd-kubeconfig (default: its current-context).")
    String argocdContext;
}
