package dev.synchook.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.SynchookException;
import dev.synchook.testing.CrdSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tekton's v1 migration table, row by row and in both directions: golden pairs in
 * src/test/resources/conversion (NAME.v1beta1.yaml and NAME.v1.yaml), every field that has no equivalent
 * refused by its path, and every converted run valid under the upstream CRDs of its version.
 */
class ApiVersionsTest {

    static final Path DIR = Path.of("src/test/resources/conversion");

    private static ObjectNode read(String file) throws Exception {
        return (ObjectNode) Yaml.MAPPER.readTree(DIR.resolve(file).toFile());
    }

    private static ObjectNode yaml(String text) throws Exception {
        return (ObjectNode) Yaml.MAPPER.readTree(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"every-row", "bundles", "embedded-bundle"})
    void v1beta1ConvertsToTheV1Golden(String name) throws Exception {
        assertThat(ApiVersions.toV1(read(name + ".v1beta1.yaml"))).isEqualTo(read(name + ".v1.yaml"));
    }

    @Test
    void v1ConvertsToTheV1beta1GoldenAndBack() throws Exception {
        ObjectNode v1 = read("every-row.v1.yaml");
        ObjectNode v1beta1 = ApiVersions.toV1beta1(v1);
        assertThat(v1beta1).isEqualTo(read("every-row.v1beta1.yaml"));
        assertThat(ApiVersions.toV1(v1beta1)).isEqualTo(v1);
    }

    @Test
    void bundlesBecomeTheResolverWhichStaysAResolverInV1beta1() throws Exception {
        ObjectNode v1 = read("bundles.v1.yaml");
        ObjectNode back = ApiVersions.toV1beta1(v1);
        assertThat(back.path("spec").path("pipelineRef").path("resolver").asText()).isEqualTo("bundles");
        assertThat(ApiVersions.toV1(back)).isEqualTo(v1);
    }

    @Test
    void conversionLeavesItsInputUntouched() throws Exception {
        ObjectNode v1beta1 = read("every-row.v1beta1.yaml");
        ObjectNode copy = v1beta1.deepCopy();
        ApiVersions.toV1(v1beta1);
        ApiVersions.toV1beta1(ApiVersions.toV1(v1beta1));
        assertThat(v1beta1).isEqualTo(copy);
    }

    /** Each row of the table, alone, at its deepest place: the v1beta1 and v1 spelling of one field. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "run service account      | {serviceAccountName: sa}                                   | {taskRunTemplate: {serviceAccountName: sa}}",
        "run pod template         | {podTemplate: {hostNetwork: true}}                         | {taskRunTemplate: {podTemplate: {hostNetwork: true}}}",
        "run timeout              | {timeout: 1h}                                              | {timeouts: {pipeline: 1h}}",
        "task service account     | {taskRunSpecs: [{pipelineTaskName: t, taskServiceAccountName: sa}]} | {taskRunSpecs: [{pipelineTaskName: t, serviceAccountName: sa}]}",
        "task pod template        | {taskRunSpecs: [{pipelineTaskName: t, taskPodTemplate: {hostNetwork: true}}]} | {taskRunSpecs: [{pipelineTaskName: t, podTemplate: {hostNetwork: true}}]}",
        "step overrides           | {taskRunSpecs: [{pipelineTaskName: t, stepOverrides: [{name: s, resources: {limits: {cpu: '1'}}}]}]} | {taskRunSpecs: [{pipelineTaskName: t, stepSpecs: [{name: s, computeResources: {limits: {cpu: '1'}}}]}]}",
        "sidecar overrides        | {taskRunSpecs: [{pipelineTaskName: t, sidecarOverrides: [{name: s, resources: {limits: {cpu: '1'}}}]}]} | {taskRunSpecs: [{pipelineTaskName: t, sidecarSpecs: [{name: s, computeResources: {limits: {cpu: '1'}}}]}]}",
        "step resources           | {pipelineSpec: {tasks: [{name: t, taskSpec: {steps: [{name: s, image: i, resources: {limits: {cpu: '1'}}}]}}]}} | {pipelineSpec: {tasks: [{name: t, taskSpec: {steps: [{name: s, image: i, computeResources: {limits: {cpu: '1'}}}]}}]}}",
        "stepTemplate resources   | {pipelineSpec: {tasks: [{name: t, taskSpec: {stepTemplate: {resources: {limits: {cpu: '1'}}}, steps: [{name: s, image: i}]}}]}} | {pipelineSpec: {tasks: [{name: t, taskSpec: {stepTemplate: {computeResources: {limits: {cpu: '1'}}}, steps: [{name: s, image: i}]}}]}}",
        "sidecar resources        | {pipelineSpec: {tasks: [{name: t, taskSpec: {steps: [{name: s, image: i}], sidecars: [{name: c, image: i, resources: {limits: {cpu: '1'}}}]}}]}} | {pipelineSpec: {tasks: [{name: t, taskSpec: {steps: [{name: s, image: i}], sidecars: [{name: c, image: i, computeResources: {limits: {cpu: '1'}}}]}}]}}",
        "finally step resources   | {pipelineSpec: {tasks: [{name: t, taskRef: {name: x}}], finally: [{name: f, taskSpec: {steps: [{name: s, image: i, resources: {limits: {cpu: '1'}}}]}}]}} | {pipelineSpec: {tasks: [{name: t, taskRef: {name: x}}], finally: [{name: f, taskSpec: {steps: [{name: s, image: i, computeResources: {limits: {cpu: '1'}}}]}}]}}",
    })
    void eachRowConvertsBothWays(String row, String v1beta1Spec, String v1Spec) throws Exception {
        ObjectNode v1beta1 = yaml("{apiVersion: tekton.dev/v1beta1, kind: PipelineRun, metadata: {name: r}, spec: " + v1beta1Spec + "}");
        ObjectNode v1 = yaml("{apiVersion: tekton.dev/v1, kind: PipelineRun, metadata: {name: r}, spec: " + v1Spec + "}");
        assertThat(ApiVersions.toV1(v1beta1)).as(row + " to v1").isEqualTo(v1);
        assertThat(ApiVersions.toV1beta1(v1)).as(row + " to v1beta1").isEqualTo(v1beta1);
        if (CrdSchemas.dir().isPresent()) {
            assertThat(CrdSchemas.pipelineRunViolations(v1, row + " v1")).isEmpty();
            assertThat(CrdSchemas.pipelineRunViolations(v1beta1, row + " v1beta1")).isEmpty();
        }
    }

    /** What v1 cannot express is refused by its path, never dropped. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{resources: [{name: src, resourceRef: {name: git}}]}                                  | spec.resources",
        "{pipelineSpec: {resources: [{name: src, type: git}], tasks: []}}                      | spec.pipelineSpec.resources",
        "{pipelineSpec: {tasks: [{name: t, resources: {inputs: []}}]}}                         | spec.pipelineSpec.tasks[0].resources",
        "{pipelineSpec: {tasks: [{name: t, taskSpec: {resources: {inputs: []}, steps: []}}]}}  | spec.pipelineSpec.tasks[0].taskSpec.resources",
        "{pipelineSpec: {tasks: [{name: t, taskSpec: {steps: [{name: s, image: i, ports: [{containerPort: 80}]}]}}]}} | spec.pipelineSpec.tasks[0].taskSpec.steps[0].ports",
        "{pipelineSpec: {finally: [{name: t, taskSpec: {steps: [{name: s, image: i, livenessProbe: {}}]}}]}} | spec.pipelineSpec.finally[0].taskSpec.steps[0].livenessProbe",
        "{pipelineSpec: {tasks: [{name: t, taskSpec: {stepTemplate: {name: x}, steps: []}}]}}  | spec.pipelineSpec.tasks[0].taskSpec.stepTemplate.name",
        "{pipelineSpec: {tasks: [{name: t, taskSpec: {stepTemplate: {tty: true}, steps: []}}]}} | spec.pipelineSpec.tasks[0].taskSpec.stepTemplate.tty",
        "{timeout: 1h, timeouts: {pipeline: 2h}}                                               | spec.timeout",
        "{pipelineRef: {bundle: b, resolver: git}}                                             | spec.pipelineRef.bundle",
        "{taskRunSpecs: [{pipelineTaskName: t, stepOverrides: [{name: s, resources: {}, computeResources: {}}]}]} | spec.taskRunSpecs[0].stepSpecs[0].resources",
    })
    void whatV1CannotExpressIsRefusedByItsPath(String spec, String field) throws Exception {
        ObjectNode v1beta1 = yaml("{apiVersion: tekton.dev/v1beta1, kind: PipelineRun, metadata: {name: r}, spec: " + spec + "}");
        assertThatThrownBy(() -> ApiVersions.toV1(v1beta1)).isInstanceOf(SynchookException.class)
                .hasMessageStartingWith(field.trim() + ": ")
                .satisfies(e -> assertThat(((SynchookException) e).exitCode()).isEqualTo(dev.synchook.ExitCode.BAD_INPUT));
    }

    @Test
    void aV1TaskRunTemplateFieldUnknownToV1beta1IsRefused() throws Exception {
        ObjectNode v1 = yaml("{apiVersion: tekton.dev/v1, kind: PipelineRun, metadata: {name: r}, spec: {taskRunTemplate: {nodeName: n}}}");
        assertThatThrownBy(() -> ApiVersions.toV1beta1(v1)).isInstanceOf(SynchookException.class)
                .hasMessageStartingWith("spec.taskRunTemplate.nodeName: ");
    }

    /** The check itself: v1beta1 spellings left in a v1 run (what a strict API server or Tekton's webhook refuses) are found. */
    @Test
    void theSchemaCheckFindsV1beta1SpellingsInAV1Run() throws Exception {
        Assumptions.assumeTrue(CrdSchemas.dir().isPresent(), CrdSchemas.missingReason());
        ObjectNode mixed = read("every-row.v1.yaml");
        ((ObjectNode) mixed.at("/spec/taskRunSpecs/0/stepSpecs/0")).set("resources", mixed.at("/spec/taskRunSpecs/0/stepSpecs/0")
                .path("computeResources"));
        ((ObjectNode) mixed.at("/spec/pipelineSpec/tasks/1/taskSpec/steps/0")).put("ports", "80");
        assertThat(CrdSchemas.pipelineRunViolations(mixed, "run")).containsExactly(
                "run.spec.taskRunSpecs[0].stepSpecs[0].resources: unknown field",
                "run.spec.pipelineSpec.tasks[1].taskSpec.steps[0].ports: unknown field");
    }

    /** The golden pairs and every example template fit the upstream CRDs in both versions, and v1 -> v1beta1 -> v1 is the identity. */
    @Test
    void everyGoldenPairAndExampleTemplateFitsBothSchemasAndRoundTrips() throws Exception {
        Assumptions.assumeTrue(CrdSchemas.dir().isPresent(), CrdSchemas.missingReason());
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.sorted().toList()) {
                assertThat(CrdSchemas.pipelineRunViolations(read(file.getFileName().toString()), file.toString())).isEmpty();
            }
        }
        try (Stream<Path> files = Files.list(Path.of("examples/templates"))) {
            for (Path file : files.sorted().toList()) {
                ObjectNode template = (ObjectNode) Yaml.MAPPER.readTree(file.toFile());
                ObjectNode v1 = template.path("apiVersion").asText().equals(ApiVersions.V1) ? template : ApiVersions.toV1(template);
                ObjectNode v1beta1 = ApiVersions.toV1beta1(v1);
                assertThat(CrdSchemas.pipelineRunViolations(v1, file + " (v1)")).isEmpty();
                assertThat(CrdSchemas.pipelineRunViolations(v1beta1, file + " (v1beta1)")).isEmpty();
                assertThat(ApiVersions.toV1(v1beta1)).as(file + " v1 -> v1beta1 -> v1").isEqualTo(v1);
            }
        }
    }
}
