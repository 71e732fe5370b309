package dev.synchook.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.testing.CrdSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every golden run, every example template and every Application fixture fits the upstream CRD schema of its version. */
class CrdContractTest {

    @BeforeEach
    void needsTheCrds() {
        Assumptions.assumeTrue(CrdSchemas.dir().isPresent(), CrdSchemas.missingReason());
    }

    private static List<String> violationsOfRun(JsonNode run, String where) {
        return CrdSchemas.pipelineRunViolations(run, where);
    }

    @Test
    void everyGoldenPipelineRunFitsTheUpstreamSchema() throws Exception {
        List<String> errors = new ArrayList<>();
        try (Stream<Path> files = Files.list(Golden.DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                errors.addAll(violationsOfRun(Yaml.MAPPER.readTree(file.toFile()), file.getFileName().toString()));
            }
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void everyExampleTemplateRendersIntoAValidRunInBothVersions() throws Exception {
        PipelineRunRenderer renderer = new PipelineRunRenderer();
        List<String> errors = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("examples/templates"))) {
            for (Path file : files.sorted().toList()) {
                JsonNode run = renderer.render(RunRequest.EMPTY.withTemplate(RunTemplate.parse(file.toString(), Files.readString(file))),
                        TemplateRenderTest.context());
                errors.addAll(violationsOfRun(run, file + " (v1)"));
                errors.addAll(violationsOfRun(ApiVersions.toV1beta1((com.fasterxml.jackson.databind.node.ObjectNode) run), file + " (v1beta1)"));
            }
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void aMisspelledFieldIsCaughtByTheSchema() throws Exception {
        JsonNode typo = Yaml.MAPPER.readTree("""
                apiVersion: tekton.dev/v1
                kind: PipelineRun
                metadata: {name: x}
                spec: {pipelineRef: {name: p}, paramz: []}
                """);
        assertThat(violationsOfRun(typo, "typo")).containsExactly("typo.spec.paramz: unknown field");
    }

    @Test
    void theApplicationFixturesAreShapedLikeTheUpstreamCrd() throws Exception {
        JsonNode schema = CrdSchemas.schema("argocd/application-crd.yaml", "v1alpha1");
        List<String> errors = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/applications"))) {
            for (Path file : files.sorted().toList()) {
                errors.addAll(CrdSchemas.violations(Yaml.JSON.readTree(file.toFile()), schema, file.getFileName().toString()));
            }
        }
        assertThat(errors).isEmpty();
    }
}
