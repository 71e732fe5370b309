package dev.synchook.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building a connection from its kubeconfig, without contacting a server. */
class ConnectionTest {

    @TempDir
    Path dir;

    static String kubeconfig(String server, String namespace) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: ci
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                - name: other
                  cluster:
                    server: https://127.0.0.1:1
                users:
                - name: runner
                  user:
                    token: abc
                contexts:
                - name: ci
                  context: {cluster: ci, user: runner, namespace: %s}
                - name: other
                  context: {cluster: other, user: runner}
                current-context: ci
                """.formatted(server, namespace);
    }

    private ConnectionSettings.Remote remote(Path file, String context) {
        return new ConnectionSettings.Remote(Optional.of(file), Optional.ofNullable(context), "--tekton-kubeconfig");
    }

    private static final java.util.function.Supplier<KubernetesClient> NO_LOCAL = () -> {
        throw new AssertionError("the local client must not be used");
    };

    @Test
    void aRemoteConnectionUsesItsKubeconfigsContextAndNamesItsServer() throws Exception {
        Path file = Files.writeString(dir.resolve("kubeconfig"), kubeconfig("https://10.1.2.3:6443", "pipelines"));
        try (Connection tekton = Connection.of("tekton", remote(file, null), NO_LOCAL, true)) {
            assertThat(tekton.remote()).isTrue();
            assertThat(tekton.client().getMasterUrl().toString()).startsWith("https://10.1.2.3:6443");
            assertThat(tekton.kubeconfigNamespace()).contains("pipelines");
            assertThat(tekton.describe()).isEqualTo("tekton connection (kubeconfig " + file + ", context ci, server https://10.1.2.3:6443/)");
            assertThat(tekton.where().rbac()).isEqualTo("manifests/rbac/multi-cluster/tekton-cluster");
        }
    }

    @Test
    void aNamedContextIsUsed() throws Exception {
        Path file = Files.writeString(dir.resolve("kubeconfig"), kubeconfig("https://10.1.2.3:6443", "pipelines"));
        try (Connection tekton = Connection.of("tekton", remote(file, "other"), NO_LOCAL, true)) {
            assertThat(tekton.client().getMasterUrl().toString()).startsWith("https://127.0.0.1:1");
            assertThat(tekton.describe()).contains("context other");
        }
    }

    @Test
    void anUnconfiguredConnectionIsTheLocalClusterUnderItsOwnName() {
        AtomicInteger built = new AtomicInteger();
        KubernetesClient local = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("https://192.0.2.1:6443").build()).build();
        try (Connection argocd = Connection.of("argocd", ConnectionSettings.Remote.NONE, () -> {
            built.incrementAndGet();
            return local;
        }, false)) {
            assertThat(argocd.remote()).isFalse();
            assertThat(argocd.where()).as("one cluster: messages as before").isNull();
            assertThat(built).hasValue(0);
            assertThat(argocd.client()).isSameAs(local);
            assertThat(argocd.describe()).isEqualTo("argocd connection (the local cluster)");
        } finally {
            local.close();
        }
    }

    @Test
    void aMissingKubeconfigIsExitTwoNamingTheConnection() {
        Path missing = dir.resolve("nope");
        try (Connection tekton = Connection.of("tekton", remote(missing, null), NO_LOCAL, true)) {
            assertThatThrownBy(tekton::client).isInstanceOfSatisfying(SynchookException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
                assertThat(e.oneLine()).contains("--tekton-kubeconfig \"" + missing + "\"").contains("does not exist")
                        .contains("tekton connection").contains("mount the Secret");
            });
        }
    }

    @Test
    void anUnknownContextIsExitTwoListingTheContexts() throws Exception {
        Path file = Files.writeString(dir.resolve("kubeconfig"), kubeconfig("https://10.1.2.3:6443", "pipelines"));
        try (Connection argocd = Connection.of("argocd", new ConnectionSettings.Remote(Optional.of(file), Optional.of("hub"),
                "--argocd-kubeconfig"), NO_LOCAL, true)) {
            assertThatThrownBy(argocd::client).isInstanceOfSatisfying(SynchookException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
                assertThat(e.oneLine()).contains("--argocd-context \"hub\"").contains("is not a context in " + file)
                        .contains("[ci, other]");
            });
        }
    }

    @Test
    void aFileThatIsNoKubeconfigIsExitTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("kubeconfig"), "just: [text");
        try (Connection tekton = Connection.of("tekton", remote(file, null), NO_LOCAL, true)) {
            assertThatThrownBy(tekton::client).isInstanceOfSatisfying(SynchookException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
                assertThat(e.oneLine()).contains("is not a kubeconfig (tekton connection)");
            });
        }
    }

    @Test
    void errorsThroughANamedConnectionSayWhichClusterAndWhatToApplyThere() {
        ApiRetry retry = new ApiRetry(new ApiRetry.Policy(1, java.time.Duration.ZERO, java.time.Duration.ZERO), d -> { })
                .on(new ApiRetry.Where("tekton connection (kubeconfig /k, context ci, server https://ci:6443/)",
                        "manifests/rbac/multi-cluster/tekton-cluster"));
        io.fabric8.kubernetes.api.model.Status status = new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(403)
                .withMessage("pipelineruns.tekton.dev is forbidden: User \"system:serviceaccount:ci:x\" cannot create").build();
        assertThatThrownBy(() -> retry.call(ApiAction.of("create", "pipelineruns.tekton.dev", "ci"), () -> {
            throw new io.fabric8.kubernetes.client.KubernetesClientException(status);
        })).isInstanceOfSatisfying(SynchookException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.API_UNAVAILABLE);
            assertThat(e.oneLine()).isEqualTo("forbidden: system:serviceaccount:ci:x cannot create pipelineruns.tekton.dev in namespace ci"
                    + " on the tekton connection (kubeconfig /k, context ci, server https://ci:6443/); grant 'create' on"
                    + " pipelineruns.tekton.dev in namespace ci on that cluster (apply manifests/rbac/multi-cluster/tekton-cluster there)");
        });
    }
}
