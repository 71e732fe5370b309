package dev.synchook.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import dev.synchook.context.ContextKey;
import dev.synchook.context.SyncContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PipelineRun templates: placeholders, synchook's own fields, flags on top, validation and API versions. */
class TemplateRenderTest {

    private final PipelineRunRenderer renderer = new PipelineRunRenderer();

    static ObjectNode example(String name) throws Exception {
        Path file = Path.of("examples/templates", name);
        return RunTemplate.parse(file.toString(), Files.readString(file));
    }

    static SyncContext context() {
        Map<ContextKey, String> v = new EnumMap<>(ContextKey.class);
        GoldenRenderTest.guestbook().values().forEach((k, s) -> v.put(k, s.value()));
        v.put(ContextKey.INITIATED_BY, "alice@example.com");
        v.put(ContextKey.PREVIOUS_REVISION, "2222222222222222222222222222222222222222");
        return SyncContext.of(v, "test");
    }

    @Test
    void theReadmeTemplateRendersWithTheSyncedRevisionAndImageTag() throws Exception {
        ObjectNode run = renderer.render(RunRequest.EMPTY.withTemplate(example("build-and-deploy.yaml")), context());
        Golden.assertMatches("template-build-and-deploy", Yaml.yaml(run));
        assertThat(run.path("metadata").has("generateName")).isFalse();
        assertThat(run.path("metadata").path("labels").path("git-commit").asText()).isEqualTo("4f2a9c1");
    }

    @Test
    void flagsApplyOnTopOfATemplate() throws Exception {
        RunRequest flags = new RunRequest(Optional.empty(), List.of(Param.parse("image-tag=override"), Param.parse("extra={{ phase }}")),
                List.of(Workspace.parse("name=shared-data,claimName=existing-pvc", f -> "")), Optional.of("other-runner"),
                Optional.empty(), Map.of(), Map.of(), Optional.empty());
        ObjectNode run = renderer.render(RunRequest.EMPTY.withTemplate(example("build-and-deploy.yaml")).overlay(flags), context());
        JsonNode spec = run.path("spec");
        assertThat(spec.path("params")).hasSize(5);
        assertThat(spec.path("params").get(3).path("value").asText()).isEqualTo("override");
        assertThat(spec.path("params").get(4).path("value").asText()).isEqualTo("PostSync");
        assertThat(spec.path("workspaces")).hasSize(1);
        assertThat(spec.path("workspaces").get(0).path("persistentVolumeClaim").path("claimName").asText()).isEqualTo("existing-pvc");
        assertThat(spec.path("taskRunTemplate").path("serviceAccountName").asText()).isEqualTo("other-runner");
        assertThat(spec.path("pipelineRef").path("name").asText()).isEqualTo("build-and-deploy-pipeline");
    }

    @Test
    void resolverReferencesAndKeptNames() throws Exception {
        ObjectNode rollback = renderer.render(RunRequest.EMPTY.withTemplate(example("rollback.yaml")), context());
        Golden.assertMatches("template-rollback-resolver", Yaml.yaml(rollback));
        assertThat(rollback.path("metadata").path("name").asText()).startsWith("guestbook-postsync-");

        RunRequest keep = new RunRequest(Optional.of(example("rollback.yaml")), Optional.empty(), Optional.empty(), List.of(),
                List.of(), List.of(), Optional.empty(), Optional.empty(), Map.of(), Map.of(), Optional.empty(), true);
        assertThat(renderer.render(keep, context()).path("metadata").path("name").asText()).isEqualTo("rollback");

        RunRequest resolverFlags = new RunRequest(Optional.empty(), Optional.empty(), Optional.of("git"),
                List.of(Param.parse("url=https://github.com/acme/pipelines.git"), Param.parse("revision={{ revision }}"),
                        Param.parse("pathInRepo=verify.yaml")), List.of(), List.of(), Optional.empty(), Optional.empty(), Map.of(),
                Map.of(), Optional.empty(), false);
        JsonNode ref = renderer.render(resolverFlags, context()).path("spec").path("pipelineRef");
        assertThat(ref.toString()).isEqualTo("{\"resolver\":\"git\",\"params\":[{\"name\":\"url\",\"value\":"
                + "\"https://github.com/acme/pipelines.git\"},{\"name\":\"revision\",\"value\":\"" + GoldenRenderTest.SHA
                + "\"},{\"name\":\"pathInRepo\",\"value\":\"verify.yaml\"}]}");
    }

    @Test
    void argoCdTrackingMarksAreNeverCopiedToTheRun() {
        ObjectNode template = RunTemplate.parse("t.yaml", """
                apiVersion: tekton.dev/v1
                kind: PipelineRun
                metadata:
                  labels: {app.kubernetes.io/instance: guestbook, keep: "yes"}
                  annotations: {argocd.argoproj.io/tracking-id: "guestbook:tekton.dev/PipelineRun:ci/x"}
                spec: {pipelineRef: {name: p}}
                """);
        JsonNode metadata = renderer.render(RunRequest.EMPTY.withTemplate(template), context()).path("metadata");
        assertThat(metadata.path("labels").has("app.kubernetes.io/instance")).isFalse();
        assertThat(metadata.path("labels").path("keep").asText()).isEqualTo("yes");
        assertThat(metadata.path("annotations").has("argocd.argoproj.io/tracking-id")).isFalse();
    }

    @Test
    void v1beta1TemplatesAreConvertedBothWays() throws Exception {
        ObjectNode asV1 = renderer.render(RunRequest.EMPTY.withTemplate(example("legacy-v1beta1.yaml")), context());
        Golden.assertMatches("template-v1beta1-as-v1", Yaml.yaml(asV1));
        assertThat(asV1.path("spec").path("taskRunTemplate").path("serviceAccountName").asText()).isEqualTo("smoke-runner");
        assertThat(asV1.path("spec").path("timeouts").path("pipeline").asText()).isEqualTo("20m");

        ObjectNode back = ApiVersions.toV1beta1(renderer.render(RunRequest.EMPTY.withTemplate(example("build-and-deploy.yaml")), context()));
        Golden.assertMatches("template-build-and-deploy-v1beta1", Yaml.yaml(back));
        assertThat(back.path("spec").path("serviceAccountName").asText()).isEqualTo("pipeline-runner");
        assertThat(back.path("spec").path("timeout").asText()).isEqualTo("1h");
        assertThat(back.path("spec").has("taskRunTemplate")).isFalse();
    }

    @Test
    void v1beta1KeepsTimeoutsWhenTasksOrFinallyHaveTheirOwn() {
        ObjectNode run = RunTemplate.parse("t.yaml", """
                apiVersion: tekton.dev/v1
                kind: PipelineRun
                metadata: {name: x}
                spec: {pipelineRef: {name: p}, timeouts: {pipeline: 1h, tasks: 50m}}
                """);
        assertThat(ApiVersions.toV1beta1(run).path("spec").path("timeouts").toString()).isEqualTo("{\"pipeline\":\"1h\",\"tasks\":\"50m\"}");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "apiVersion: tekton.dev/v1\\nkind: TaskRun\\nspec: {}                               | kind \"TaskRun\": is not PipelineRun",
        "apiVersion: tekton.dev/v2\\nkind: PipelineRun\\nspec: {}                           | apiVersion \"tekton.dev/v2\": is not a PipelineRun version",
        "apiVersion: tekton.dev/v1\\nkind: PipelineRun\\nspec: {}                           | spec: has no pipelineRef or pipelineSpec",
        "apiVersion: tekton.dev/v1\\nkind: PipelineRun\\nspec: {pipelineRef: {name: p}, pipelineSpec: {tasks: []}} | spec: has both pipelineRef and pipelineSpec",
        "apiVersion: tekton.dev/v1\\nkind: PipelineRun\\nspec: {pipelineRef: {}}           | spec.pipelineRef \"{}\": has neither name nor resolver",
        "apiVersion: tekton.dev/v1\\nkind: PipelineRun\\nspec: {pipelineRef: {name: p}, params: [{value: x}]} | spec.params[0].name \"\": is missing",
        "apiVersion: tekton.dev/v1\\nkind: PipelineRun\\nspec: {pipelineRef: {name: p}, params: [{name: a, value: x}, {name: a, value: y}]} | spec.params[1].name \"a\": is given twice",
        "apiVersion: tekton.dev/v1\\nkind: PipelineRun\\nspec: {pipelineRef: {name: p}, workspaces: [{name: w}]} | spec.workspaces[0] \"w\": has no volume source",
        "apiVersion: tekton.dev/v1\\nkind: PipelineRun\\nspec: {pipelineRef: {name: p}, workspaces: [{name: w, emptyDir: {}, secret: {secretName: s}}]} | has more than one volume source [emptyDir, secret]",
        "apiVersion: tekton.dev/v1\\nkind: PipelineRun\\nspec: {pipelineRef: {name: p}, timeouts: {tasks: soon}} | spec.timeouts.tasks \"soon\": is not a duration",
        "apiVersion: tekton.dev/v1beta1\\nkind: PipelineRun\\nspec: {pipelineRef: {name: p}, resources: []} | spec.resources: PipelineResources were removed",
        "apiVersion: tekton.dev/v1\\nkind: PipelineRun\\nspec:\\n  pipelineRef: {name: p\\n  params: []   | --template \"bad.yaml:5:9\": is not valid YAML: while parsing a flow mapping; expected ',' or '}', but got :",
        "- just\\n- a list                                                                   | does not hold a YAML mapping",
    })
    void invalidTemplatesExitTwoBeforeAnyApiCall(String yaml, String message) {
        assertThatThrownBy(() -> renderer.render(RunRequest.EMPTY.withTemplate(RunTemplate.parse("bad.yaml", yaml.trim().replace("\\n", "\n"))),
                context())).isInstanceOfSatisfying(SynchookException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
                    assertThat(e.oneLine()).contains(message.trim());
                });
    }
}
