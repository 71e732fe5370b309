package dev.synchook.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every kustomization the project ships (hooks, overlays, webhook, rbac, argocd, notifications,
 * examples) passes {@code kubectl apply --dry-run=server} on a real API server with the upstream
 * CRDs: admission, strict field validation (a misspelled field fails) and the CRDs' schemas, which
 * the structural checks of {@link ManifestsTest} do not reach. The namespaces the manifests name are
 * created first (and kept: a real server without controllers never finishes deleting them).
 * Needs {@code SYNCHOOK_IT_KUBECONFIG}; without it the test is recorded as not run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestsClusterTest {

    Path kubeconfig;

    @BeforeAll
    void realServer() {
        kubeconfig = RealApiServer.require(getClass(), "needs a real API server for server-side dry runs");
    }

    @TestFactory
    Stream<DynamicTest> everyKustomizationPassesAServerSideDryRun() {
        // Components (some only patch what a kustomization brings) are dry-run through the kustomizations
        // that use them; ManifestsTest checks that every Component has one.
        List<Path> dirs = ManifestsTest.kustomizationDirs("Kustomization").stream().sorted().toList();
        assertThat(dirs).as("kustomizations under %s", ManifestsTest.ROOTS).isNotEmpty();
        return dirs.stream().map(dir -> DynamicTest.dynamicTest(ManifestsTest.relative(dir), () -> dryRun(dir)));
    }

    private void dryRun(Path dir) throws Exception {
        List<JsonNode> objects = ManifestsTest.render(dir);
        assertThat(objects).as("objects of %s", dir).isNotEmpty();
        createNamespaces(objects);
        Path rendered = Files.createTempFile("synchook-manifests", ".yaml");
        try {
            StringBuilder yaml = new StringBuilder();
            for (JsonNode object : objects) {
                yaml.append("---\n").append(ManifestsTest.YAML.writeValueAsString(object));
            }
            Files.writeString(rendered, yaml);
            Process process = new ProcessBuilder(ManifestsTest.kubectl(), "--kubeconfig", kubeconfig.toString(), "apply",
                    "--dry-run=server", "--validate=strict", "-f", rendered.toString()).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("kubectl apply --dry-run=server of %s ended", dir).isTrue();
            assertThat(process.exitValue()).as("kubectl apply --dry-run=server of %s:%n%s", ManifestsTest.relative(dir), out).isZero();
            // one line per object, each accepted by the server
            assertThat(out.lines().filter(l -> l.contains("(server dry run)")).count()).as(out).isEqualTo(objects.size());
        } finally {
            Files.deleteIfExists(rendered);
        }
    }

    /** The namespaces the objects live in, created unless they exist; Namespace objects themselves stay in the dry run. */
    private void createNamespaces(List<JsonNode> objects) {
        Set<String> names = new TreeSet<>();
        objects.forEach(o -> {
            String ns = o.path("metadata").path("namespace").asText("");
            if (!ns.isEmpty()) {
                names.add(ns);
            }
        });
        try (KubernetesClient admin = RealApiServer.adminClient(kubeconfig)) {
            for (String name : names) {
                if (admin.namespaces().withName(name).get() == null) {
                    try {
                        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
                    } catch (KubernetesClientException e) {
                        if (e.getCode() != 409) { // another test class created it meanwhile
                            throw e;
                        }
                    }
                }
            }
        }
    }
}
