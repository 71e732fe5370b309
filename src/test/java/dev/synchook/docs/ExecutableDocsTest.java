package dev.synchook.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchook.render.Golden;
import dev.synchook.testing.Cli;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every shell block that README.md and docs/*.md tell a user to run is run here, or is marked
 * {@code <!-- illustrative: why -->} on the line before it:
 * <ul>
 * <li>blocks of {@code synchook} commands run in this process (cheap: no JVM per command) and must exit 0;
 * where the prose after one says "The result is `src/test/resources/golden/...`", the output must be that file;</li>
 * <li>blocks of {@code kubectl} commands run with bash, per document in the documented order, against the
 * real API server named by {@code SYNCHOOK_IT_KUBECONFIG} (twice: the docs promise every step may be run again);</li>
 * <li>anything else must be marked illustrative.</li>
 * </ul>
 */
@QuarkusTest
class ExecutableDocsTest {

    private static final Pattern RESULT = Pattern.compile("The result is `(src/test/resources/golden/[^`]+)`");

    @Inject
    CommandLine.IFactory factory;

    private static List<DocBlocks.Block> runnable() {
        List<DocBlocks.Block> blocks = new ArrayList<>();
        for (Path doc : DocBlocks.documents()) {
            DocBlocks.read(doc).stream().filter(DocBlocks.Block::isShell).filter(b -> b.illustrative().isEmpty()).forEach(blocks::add);
        }
        return blocks;
    }

    private static boolean isSynchook(DocBlocks.Block block) {
        return !block.commands().isEmpty() && block.commands().stream().allMatch(c -> c.startsWith("synchook "));
    }

    private static boolean isCluster(DocBlocks.Block block) {
        return block.text().contains("kubectl ") && block.commands().stream().noneMatch(c -> c.matches("^(synchook|make|mvn)\\b.*"));
    }

    @Test
    void everyShellBlockIsRunnableHereOrMarkedIllustrative() {
        List<String> unmarked = new ArrayList<>();
        int shell = 0;
        for (Path doc : DocBlocks.documents()) {
            for (DocBlocks.Block block : DocBlocks.read(doc)) {
                if (!block.isShell()) {
                    continue;
                }
                shell++;
                if (block.illustrative().isPresent()) {
                    assertThat(block.illustrative().get()).as("%s: say why it is illustrative", block.where()).isNotBlank();
                } else if (!isSynchook(block) && !isCluster(block)) {
                    unmarked.add(block.where() + ": " + block.commands());
                }
            }
        }
        assertThat(shell).as("shell blocks found").isGreaterThan(5);
        assertThat(unmarked).as("shell blocks that no test runs: make them synchook-only or kubectl-only, "
                + "or precede them with <!-- illustrative: why -->").isEmpty();
    }

    @Test
    void synchookBlocksRunAndPrintWhatTheDocsShow() throws Exception {
        List<DocBlocks.Block> blocks = runnable().stream().filter(ExecutableDocsTest::isSynchook).toList();
        assertThat(blocks).as("runnable synchook blocks").isNotEmpty();
        int compared = 0;
        for (DocBlocks.Block block : blocks) {
            String out = "";
            for (String command : block.commands()) {
                List<String> words = DocBlocks.words(command);
                Cli.Result result = Cli.run(factory, words.subList(1, words.size()).toArray(String[]::new));
                assertThat(result.exitCode()).as("%s: %s\n%s", block.where(), command, result).isZero();
                out = result.out();
            }
            Matcher golden = RESULT.matcher(block.after());
            if (golden.find()) {
                Path file = Path.of(golden.group(1));
                assertThat(file.getParent()).isEqualTo(Golden.DIR);
                Golden.assertMatches(file.getFileName().toString().replaceFirst("\\.yaml$", ""), out);
                compared++;
            }
        }
        assertThat(compared).as("blocks whose output is a golden file").isPositive();
    }

    @Test
    void clusterBlocksWorkLiterallyOnARealApiServer() throws Exception {
        String kubeconfig = System.getenv("SYNCHOOK_IT_KUBECONFIG");
        Assumptions.assumeTrue(kubeconfig != null && !kubeconfig.isBlank(),
                "the kubectl blocks of the docs run against a real API server: set SYNCHOOK_IT_KUBECONFIG");
        Map<Path, List<DocBlocks.Block>> byDoc = new LinkedHashMap<>();
        runnable().stream().filter(ExecutableDocsTest::isCluster).forEach(b -> byDoc.computeIfAbsent(b.file(), f -> new ArrayList<>()).add(b));
        assertThat(byDoc).as("documents with kubectl blocks").containsKeys(Path.of("docs/webhook.md"), Path.of("docs/config-repo.md"));

        argoCdInstalled(kubeconfig);
        for (var doc : byDoc.entrySet()) {
            StringBuilder script = new StringBuilder("set -euo pipefail\n");
            doc.getValue().forEach(b -> script.append("# ").append(b.where()).append('\n')
                    .append(String.join("\n", b.commands())).append('\n'));
            bash(kubeconfig, doc.getKey() + " (first run)", script.toString());
            String token = bash(kubeconfig, "token", webhookToken());
            bash(kubeconfig, doc.getKey() + " (run again)", script.toString());
            if (doc.getKey().endsWith("config-repo.md")) {
                assertThat(bash(kubeconfig, "hook RBAC", "kubectl auth can-i create pipelineruns.tekton.dev -n ci "
                        + "--as system:serviceaccount:guestbook:synchook-hook")).as("the hook may create runs in ci").isEqualTo("yes");
                assertThat(bash(kubeconfig, "hook RBAC", "kubectl auth can-i get applications.argoproj.io -n argocd "
                        + "--as system:serviceaccount:guestbook:synchook-hook")).as("the hook may read Applications").isEqualTo("yes");
            }
            if (doc.getKey().endsWith("webhook.md")) {
                assertThat(token).as("the webhook token").matches("[0-9a-f]{64}");
                assertThat(bash(kubeconfig, "token", webhookToken())).as("running the setup again keeps the token").isEqualTo(token);
                assertThat(bash(kubeconfig, "notifications secret", "kubectl -n argocd get secret argocd-notifications-secret "
                        + "-o jsonpath='{.data.synchook-token}' | base64 -d")).as("Argo CD sends the receiver's token").isEqualTo(token);
                assertThat(bash(kubeconfig, "deployment", "kubectl -n synchook get deploy synchook-webhook -o name"))
                        .isEqualTo("deployment.apps/synchook-webhook");
                assertThat(bash(kubeconfig, "notifications", "kubectl -n argocd get cm argocd-notifications-cm "
                        + "-o jsonpath='{.data.service\\.webhook\\.synchook}'")).as("the service sends the key step 2 sets")
                        .contains("http://synchook-webhook.synchook.svc").contains("Bearer $synchook-token");
            }
        }
    }

    private static String webhookToken() {
        return "kubectl -n synchook get secret synchook-webhook-token -o jsonpath='{.data.token}' | base64 -d";
    }

    /** What Argo CD's own install leaves, which the webhook setup starts from: its namespace, notifications Secret and ConfigMap. */
    private static void argoCdInstalled(String kubeconfig) throws Exception {
        bash(kubeconfig, "Argo CD installed", """
                set -euo pipefail
                kubectl get namespace argocd >/dev/null 2>&1 || kubectl create namespace argocd
                kubectl -n argocd get secret argocd-notifications-secret >/dev/null 2>&1 \\
                  || kubectl -n argocd create secret generic argocd-notifications-secret
                kubectl -n argocd get configmap argocd-notifications-cm >/dev/null 2>&1 \\
                  || kubectl -n argocd create configmap argocd-notifications-cm
                """);
    }

    private static String bash(String kubeconfig, String what, String script) throws Exception {
        File err = File.createTempFile("docs", ".err");
        err.deleteOnExit();
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).redirectError(err);
        builder.environment().put("KUBECONFIG", kubeconfig);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(what + " finished").isTrue();
        assertThat(process.exitValue()).as("%s exited %d:\n%s\n%s\n--- script\n%s", what, process.exitValue(), out,
                Files.readString(err.toPath()), script).isZero();
        return out.strip();
    }
}
