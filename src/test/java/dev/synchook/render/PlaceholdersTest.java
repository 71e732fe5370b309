package dev.synchook.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import dev.synchook.context.ContextKey;
import dev.synchook.context.SyncContext;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlaceholdersTest {

    private final PipelineRunRenderer renderer = new PipelineRunRenderer();

    static Stream<String> hostileValues() {
        return Stream.of(
                "a: b", "key: value\nother: injected", "- item", "[1, 2]", "{\"json\": true}", "'single'", "\"double\"",
                "# comment", "&anchor *alias", "!!binary AAAA", "--- \n...", "|\n  block", "> folded", "null", "~", "true",
                "0x1F", "1e3", "@at `backtick`", "%percent", "{{ revision }}", "{{revision}} and {{ image_tag }}",
                "\u00e9\u00e8\u4e2d\u6587 \ud83d\ude80 \u202e rtl", "x".repeat(10_240), "\\ backslash \\n", "tab\there",
                "}} {{", "{{ unknown_name }}");
    }

    private static SyncContext contextWith(String hostile) {
        Map<ContextKey, String> v = new EnumMap<>(ContextKey.class);
        v.put(ContextKey.APP_NAME, "guestbook");
        v.put(ContextKey.REVISION, "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39");
        v.put(ContextKey.PHASE, "PostSync");
        v.put(ContextKey.OPERATION_ID, "1");
        v.put(ContextKey.NAMESPACE, "ci");
        v.put(ContextKey.INITIATED_BY, hostile);
        v.put(ContextKey.IMAGE_TAG, hostile);
        return SyncContext.of(v, "test");
    }

    @ParameterizedTest
    @MethodSource("hostileValues")
    void valuesNeverChangeTheStructure(String hostile) throws Exception {
        RunRequest request = new RunRequest(Optional.of("verify"),
                List.of(Param.parse("who={{ initiated_by }}"), Param.parse("list=a,{{ image_tag }},c"),
                        Param.parse("obj=k1:{{ image_tag }},k2:x"), Param.parse("mixed=tag {{ image_tag }} by {{initiated_by}}")),
                List.of(), Optional.empty(), Optional.empty(), Map.of("by", "{{ initiated_by }}"),
                Map.of("by", "{{ initiated_by }}"), Optional.empty());

        ObjectNode run = renderer.render(request, contextWith(hostile));
        JsonNode reread = Yaml.MAPPER.readTree(Yaml.yaml(run));

        assertThat(reread).isEqualTo(run);
        JsonNode params = reread.path("spec").path("params");
        assertThat(params).hasSize(4);
        assertThat(params.get(0).path("value").isTextual()).isTrue();
        assertThat(params.get(0).path("value").asText()).isEqualTo(hostile);
        assertThat(params.get(1).path("value")).hasSize(3);
        assertThat(params.get(1).path("value").get(1).asText()).isEqualTo(hostile);
        assertThat(params.get(2).path("value").size()).isEqualTo(2);
        assertThat(params.get(2).path("value").path("k1").asText()).isEqualTo(hostile);
        assertThat(params.get(3).path("value").asText()).isEqualTo("tag " + hostile + " by " + hostile);
        assertThat(reread.path("metadata").path("annotations").path("by").asText()).isEqualTo(hostile);
        assertThat(KubeNames.isLabelValue(reread.path("metadata").path("labels").path("by").asText())).isTrue();
        assertThat(reread.path("spec").fieldNames()).toIterable().containsExactly("pipelineRef", "params");
        assertThat(Yaml.JSON.readTree(Yaml.prettyJson(run))).isEqualTo(run);
    }

    @Test
    void spacesInsidePlaceholdersAreOptional() {
        assertThat(Placeholders.substitute("{{revision}}/{{ revision }}/{{   revision   }}", "p", contextWith("x")))
                .isEqualTo("4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39/4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39/"
                        + "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39");
    }

    @Test
    void anUnknownPlaceholderNamesItsPathAndTheKnownOnes() {
        assertThatThrownBy(() -> renderer.render(new RunRequest(Optional.of("p"), List.of(Param.parse("x={{ commit_sha }}")),
                List.of(), Optional.empty(), Optional.empty(), Map.of(), Map.of(), Optional.empty()), contextWith("v")))
                .isInstanceOfSatisfying(SynchookException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
                    assertThat(e.oneLine()).startsWith("spec.params[0].value \"{{ commit_sha }}\": unknown placeholder")
                            .contains("revision, revision_short");
                });
    }

    @Test
    void aKnownPlaceholderWithoutAValueNamesWhereItWasLookedFor() {
        assertThatThrownBy(() -> renderer.render(new RunRequest(Optional.of("p"), List.of(Param.parse("x={{ repo_url }}")),
                List.of(), Optional.empty(), Optional.empty(), Map.of(), Map.of(), Optional.empty()), contextWith("v")))
                .isInstanceOfSatisfying(SynchookException.class, e -> assertThat(e.oneLine())
                        .contains("spec.params[0].value needs repo_url, which has no value")
                        .contains("--repo-url").contains("ARGOCD_APP_SOURCE_REPO_URL"));
    }

    @Test
    void usedListsThePlaceholdersOfATemplate() {
        ObjectNode template = renderer.template(new RunRequest(Optional.of("{{ app_name }}-verify"),
                List.of(Param.parse("a={{ revision }}"), Param.parse("b={{image_tag}}")), List.of(), Optional.empty(),
                Optional.empty(), Map.of(), Map.of(), Optional.empty()));
        assertThat(Placeholders.used(template)).containsExactlyInAnyOrder(ContextKey.APP_NAME, ContextKey.REVISION, ContextKey.IMAGE_TAG);
    }
}
