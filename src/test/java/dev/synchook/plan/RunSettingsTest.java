package dev.synchook.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchook.context.SyncPhase;
import dev.synchook.render.Param;
import dev.synchook.render.RunRequest;
import dev.synchook.render.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the run settings read as a user writes them: a ConfigMap's lines (with comments) and flags
 * appended to them, merged by name with the later value winning, and the template the hook Jobs mount.
 */
class RunSettingsTest {

    @TempDir
    Path dir;

    /** A ConfigMap's multi-line settings, then command-line values appended after them (as CommandLineSettings does). */
    private static SettingSource configMapThenFlags(Map<String, String> configMap, Map<String, List<String>> flags) {
        SettingSource text = SettingSource.ofText(name -> Optional.ofNullable(configMap.get(name)));
        return new SettingSource() {
            @Override
            public Optional<String> value(String name) {
                return Optional.ofNullable(flags.get(name)).map(v -> v.get(v.size() - 1)).or(() -> text.value(name));
            }

            @Override
            public List<String> values(String name) {
                List<String> all = new ArrayList<>(text.values(name));
                all.addAll(flags.getOrDefault(name, List.of()));
                return all;
            }
        };
    }

    @Test
    void flagsAddToTheConfigMapsRepeatableSettingsAndTheLaterValueOfANameWins() {
        Map<String, String> configMap = new LinkedHashMap<>();
        configMap.put("pipeline", "verify");
        configMap.put("param", """
                # what the pipeline verifies

                revision={{ revision }}
                image-tag={{ image_tag }}
                """);
        configMap.put("workspace", "name=source,emptyDir=\n# scratch space\nname=cache,emptyDir=");
        configMap.put("label", "team=web\n#owner=nobody\ntier=backend");
        configMap.put("annotation", "a=1");
        RunSettings settings = RunSettings.read(configMapThenFlags(configMap, Map.of(
                "param", List.of("image-tag=latest", "c=3"),
                "workspace", List.of("name=cache,claimName=shared-cache"),
                "label", List.of("team=shop"))), dir.resolve("no-template.yaml"));

        RunRequest request = settings.requestFor(SyncPhase.POST_SYNC, RunRequest.EMPTY);
        assertThat(request.params()).extracting(Param::name).containsExactly("revision", "image-tag", "c");
        assertThat(request.params()).filteredOn(p -> p.name().equals("image-tag")).singleElement()
                .extracting(p -> p.value().asText()).isEqualTo("latest");
        assertThat(request.workspaces()).extracting(Workspace::name).containsExactly("source", "cache");
        assertThat(request.workspaces().get(1).toString()).contains("shared-cache");
        assertThat(request.labels()).containsExactly(Map.entry("team", "shop"), Map.entry("tier", "backend"));
        assertThat(request.annotations()).containsExactly(Map.entry("a", "1"));
        assertThat(request.pipeline()).contains("verify");
    }

    @Test
    void theMountedTemplateIsUsedWhenPresentAndANamedTemplateWins() throws Exception {
        String template = """
                apiVersion: tekton.dev/v1
                kind: PipelineRun
                metadata:
                  generateName: mounted-
                spec:
                  pipelineRef:
                    name: from-the-mount
                """;
        Path mounted = Files.writeString(dir.resolve("template.yaml"), template);
        Path named = Files.writeString(dir.resolve("named.yaml"), template.replace("from-the-mount", "named"));

        RunSettings fromMount = RunSettings.read(SettingSource.ofText(name -> Optional.empty()), mounted);
        assertThat(fromMount.runsSomething()).isTrue();
        assertThat(fromMount.requestFor(SyncPhase.POST_SYNC, RunRequest.EMPTY).template().orElseThrow()
                .at("/spec/pipelineRef/name").asText()).isEqualTo("from-the-mount");

        RunSettings fromName = RunSettings.read(SettingSource.ofText(name -> Optional.ofNullable(
                name.equals("template") ? named.toString() : null)), mounted);
        assertThat(fromName.requestFor(SyncPhase.POST_SYNC, RunRequest.EMPTY).template().orElseThrow()
                .at("/spec/pipelineRef/name").asText()).isEqualTo("named");

        RunSettings none = RunSettings.read(SettingSource.ofText(name -> Optional.empty()), dir.resolve("absent.yaml"));
        assertThat(none.runsSomething()).isFalse();
        assertThat(RunSettings.MOUNTED_TEMPLATE).isEqualTo(Path.of("/etc/synchook/template.yaml"));
    }

    @Test
    void commentAndBlankLinesOfARepeatableSettingAreSkipped() {
        assertThat(SettingSource.lines("# heading\n\n  a=1  \n   # indented comment\nb=2\n")).containsExactly("a=1", "b=2");
    }
}
