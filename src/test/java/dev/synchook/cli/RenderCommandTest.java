package dev.synchook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.render.Yaml;
import dev.synchook.testing.Cli;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code synchook render}: no cluster, nothing written; per-phase choice, templates and API versions. */
@QuarkusTest
class RenderCommandTest {

    static final String SHA = "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39";

    @Inject
    CommandLine.IFactory factory;

    private Cli.Result render(String... extra) {
        List<String> args = new ArrayList<>(List.of("render", "--no-discover", "-n", "ci", "--app", "guestbook", "--revision", SHA,
                "--operation-id", "1763900000", "--image", "ghcr.io/acme/guestbook:1.4.2", "--initiated-by", "alice",
                "--repo-url", "https://github.com/acme/guestbook-config.git"));
        args.addAll(List.of(extra));
        return Cli.run(factory, args.toArray(String[]::new));
    }

    private static JsonNode yaml(Cli.Result result) throws Exception {
        return Yaml.MAPPER.readTree(result.out());
    }

    @Test
    void theConfigFileChoosesWhatRunsPerPhase() throws Exception {
        Cli.Result postSync = render("--config", "examples/synchook-config.yaml", "--phase", "PostSync");
        Cli.Result syncFail = render("--config", "examples/synchook-config.yaml", "--phase", "SyncFail",
                "--previous-revision", "2222222222222222222222222222222222222222");

        assertThat(postSync.exitCode()).as(postSync.toString()).isZero();
        JsonNode post = yaml(postSync);
        assertThat(post.path("spec").path("pipelineRef").path("name").asText()).isEqualTo("post-deploy-verify");
        assertThat(post.path("spec").path("timeouts").path("pipeline").asText()).isEqualTo("15m");
        assertThat(post.path("metadata").path("labels").path("team").asText()).isEqualTo("web");

        assertThat(syncFail.exitCode()).as(syncFail.toString()).isZero();
        JsonNode fail = yaml(syncFail);
        assertThat(fail.path("spec").path("pipelineRef").path("resolver").asText()).isEqualTo("git");
        assertThat(fail.path("spec").path("params").toString())
                .contains("{\"name\":\"to-revision\",\"value\":\"2222222222222222222222222222222222222222\"}")
                .contains("{\"name\":\"reason\",\"value\":\"SyncFail of 4f2a9c1\"}")
                .contains("{\"name\":\"image-tag\",\"value\":\"1.4.2\"}");
        assertThat(fail.path("metadata").path("labels").path("synchook.dev/phase").asText()).isEqualTo("syncfail");
    }

    @Test
    void onSyncFailPipelineReplacesThePipelineOnlyInThatPhase() throws Exception {
        String[] flags = {"--pipeline", "post-deploy-verify", "--on-syncfail-pipeline", "rollback", "-p", "rev={{ revision }}"};
        List<String> syncFail = new ArrayList<>(List.of(flags));
        syncFail.addAll(List.of("--phase", "SyncFail"));
        assertThat(yaml(render(flags)).path("spec").path("pipelineRef").path("name").asText()).isEqualTo("post-deploy-verify");
        assertThat(yaml(render(syncFail.toArray(String[]::new))).path("spec").path("pipelineRef").path("name").asText())
                .isEqualTo("rollback");
    }

    @Test
    void templatesFromFilesWithFlagsOnTopAndBothApiVersions() throws Exception {
        Cli.Result v1 = render("--template", "examples/templates/build-and-deploy.yaml", "-p", "image-tag=pinned", "-o", "json");
        assertThat(v1.exitCode()).as(v1.toString()).isZero();
        JsonNode run = Yaml.JSON.readTree(v1.out());
        assertThat(run.path("apiVersion").asText()).isEqualTo("tekton.dev/v1");
        assertThat(run.path("spec").path("params").toString()).contains("{\"name\":\"image-tag\",\"value\":\"pinned\"}")
                .contains("{\"name\":\"git-revision\",\"value\":\"" + SHA + "\"}");

        Cli.Result beta = render("--template", "examples/templates/build-and-deploy.yaml", "--api-version", "v1beta1");
        JsonNode old = yaml(beta);
        assertThat(old.path("apiVersion").asText()).isEqualTo("tekton.dev/v1beta1");
        assertThat(old.path("spec").path("serviceAccountName").asText()).isEqualTo("pipeline-runner");
    }

    @Test
    void badTemplatesAndConfigFilesExitTwoWithOneLine() throws Exception {
        Path broken = Files.createTempFile("template", ".yaml");
        Files.writeString(broken, "apiVersion: tekton.dev/v1\nkind: PipelineRun\nspec:\n  params: [\n");
        Path config = Files.createTempFile("config", ".yaml");
        Files.writeString(config, "pipelines: typo\n");
        for (String[] args : new String[][] {
            {"--template", broken.toString()},
            {"--template", "/no/such/template.yaml"},
            {"--config", config.toString()},
            {"--pipeline", "p", "--api-version", "v2"},
            {"--pipeline", "p", "--image-from", "web"},
        }) {
            Cli.Result result = render(args);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.err().lines().filter(l -> l.startsWith("error: ")).count()).as(result.toString()).isEqualTo(1);
            assertThat(result.out()).isEmpty();
        }
        assertThat(render("--template", broken.toString()).err()).contains(broken + ":4:12").contains("is not valid YAML");
        assertThat(render("--config", config.toString()).err()).contains("\"pipelines\": is not a known key");
    }

    @Test
    void contextAndVersionCommands() throws Exception {
        Cli.Result context = Cli.run(factory, "context", "--no-discover", "--app", "guestbook", "--revision", SHA,
                "--job-name", "synchook-postsync-4f2a9c1-syncfail-1763900000");
        assertThat(context.exitCode()).isZero();
        assertThat(context.out()).containsPattern("phase\\s+SyncFail\\s+job-name synchook-postsync-4f2a9c1-syncfail-1763900000")
                .containsPattern("revision\\s+" + SHA + "\\s+flag --revision")
                .containsPattern("repo_url\\s+-\\s+not set: --repo-url, SYNCHOOK_REPO_URL, ARGOCD_APP_SOURCE_REPO_URL");
        Cli.Result version = Cli.run(factory, "version");
        assertThat(version.out()).startsWith("synchook ");
    }
}
