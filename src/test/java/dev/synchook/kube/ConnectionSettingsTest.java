package dev.synchook.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionSettingsTest {

    @TempDir
    Path mounts;

    private static Function<String, Optional<String>> settings(Map<String, String> values) {
        return name -> Optional.ofNullable(values.get(name));
    }

    @Test
    void nothingSetIsOneClusterAsBefore() {
        ConnectionSettings read = ConnectionSettings.read(settings(Map.of()), mounts);

        assertThat(read).isEqualTo(ConnectionSettings.LOCAL_ONLY);
        assertThat(read.split()).isFalse();
    }

    @Test
    void eachConnectionTakesItsOwnKubeconfigAndContext() {
        ConnectionSettings read = ConnectionSettings.read(settings(Map.of("tekton-kubeconfig", "/ci/kubeconfig",
                "tekton-context", "ci", "argocd-kubeconfig", " /hub/kubeconfig ")), mounts);

        assertThat(read.tekton().kubeconfig()).contains(Path.of("/ci/kubeconfig"));
        assertThat(read.tekton().context()).contains("ci");
        assertThat(read.argocd().kubeconfig()).contains(Path.of("/hub/kubeconfig"));
        assertThat(read.argocd().context()).isEmpty();
        assertThat(read.split()).isTrue();
        assertThat(read.of(ConnectionSettings.LOCAL).configured()).isFalse();
    }

    @Test
    void aMountedKubeconfigIsUsedWhenNoSettingNamesOne() throws Exception {
        Path mounted = Files.createDirectories(mounts.resolve("tekton")).resolve("kubeconfig");
        Files.writeString(mounted, "apiVersion: v1\nkind: Config\n");

        ConnectionSettings read = ConnectionSettings.read(settings(Map.of()), mounts);

        assertThat(read.tekton().kubeconfig()).contains(mounted);
        assertThat(read.tekton().source()).isEqualTo("mounted " + mounted);
        assertThat(read.argocd().configured()).as("no argocd Secret mounted").isFalse();
    }

    @Test
    void aSettingWinsOverTheMountedFile() throws Exception {
        Files.createDirectories(mounts.resolve("argocd"));
        Files.writeString(mounts.resolve("argocd/kubeconfig"), "apiVersion: v1\nkind: Config\n");

        ConnectionSettings read = ConnectionSettings.read(settings(Map.of("argocd-kubeconfig", "/elsewhere")), mounts);

        assertThat(read.argocd().kubeconfig()).contains(Path.of("/elsewhere"));
        assertThat(read.argocd().source()).isEqualTo("--argocd-kubeconfig");
    }

    @Test
    void aContextWithoutAKubeconfigIsBadInput() {
        assertThatThrownBy(() -> ConnectionSettings.read(settings(Map.of("tekton-context", "ci")), mounts))
                .isInstanceOfSatisfying(SynchookException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
                    assertThat(e.oneLine()).contains("--tekton-context \"ci\"").contains("no kubeconfig")
                            .contains("--tekton-kubeconfig");
                });
    }
}
