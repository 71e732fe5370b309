package dev.synchook.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The real API server named by {@code SYNCHOOK_IT_KUBECONFIG} (admin credentials, Tekton and Argo CD
 * CRDs installed), for tests that only a real server can answer: RBAC, server-side dry runs, tokens.
 * It runs no controllers, so namespaces never finish deleting: every test takes fresh ones.
 */
public final class RealApiServer {

    private RealApiServer() {
    }

    /** The admin kubeconfig, when a real server is configured. */
    public static Optional<Path> kubeconfig() {
        String value = System.getenv(ClusterResource.KUBECONFIG_ENV);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
    }

    /** The admin kubeconfig; without one the test is recorded in the {@link ClusterReport} and aborted. */
    public static Path require(Class<?> test, String why) {
        Optional<Path> kubeconfig = kubeconfig();
        if (kubeconfig.isEmpty()) {
            ClusterReport.notRun(test, why);
        }
        return kubeconfig.orElseThrow();
    }

    /** The admin connection of the configured kubeconfig. */
    public static Config adminConfig(Path kubeconfig) {
        try {
            return Config.fromKubeconfig(Files.readString(kubeconfig));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + kubeconfig, e);
        }
    }

    public static KubernetesClient adminClient(Path kubeconfig) {
        return new KubernetesClientBuilder().withConfig(adminConfig(kubeconfig)).build();
    }
}
