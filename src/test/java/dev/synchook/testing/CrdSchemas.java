package dev.synchook.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The upstream CRDs as the API contract: a structural check of an object against a version's
 * {@code openAPIV3Schema} (types, required fields, enums, and unknown fields, which a real API server
 * with strict field validation rejects). The CRDs come from {@code SYNCHOOK_CRDS}, else
 * {@code ../shared/crds} beside the repository.
 */
public final class CrdSchemas {

    private static final YAMLMapper YAML = new YAMLMapper();

    private CrdSchemas() {
    }

    /** The CRD folder, if there is one. */
    public static Optional<Path> dir() {
        String configured = System.getenv("SYNCHOOK_CRDS");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("../shared/crds").toAbsolutePath().normalize();
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    public static String missingReason() {
        return "no upstream CRDs: set SYNCHOOK_CRDS to the folder holding tekton/ and argocd/ (CI sets it to ../shared/crds)";
    }

    /** The openAPIV3Schema of one version of a CRD file, e.g. ("tekton/300-pipelinerun.yaml", "v1"). */
    public static JsonNode schema(String file, String version) {
        Path crd = dir().orElseThrow(() -> new IllegalStateException(missingReason())).resolve(file);
        try {
            for (JsonNode v : YAML.readTree(Files.readString(crd)).path("spec").path("versions")) {
                if (v.path("name").asText().equals(version)) {
                    return v.path("schema").path("openAPIV3Schema");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException(crd + " has no version " + version);
    }

    /**
     * Every way a PipelineRun breaks the upstream CRDs of its version, embedded specs included: the run
     * against the PipelineRun schema, {@code spec.pipelineSpec} against the Pipeline's spec schema, and each
     * embedded {@code taskSpec} against the Task's spec schema (the PipelineRun CRD leaves those open, Tekton's
     * webhook checks them; a real API server without Tekton's webhook does not).
     */
    public static List<String> pipelineRunViolations(JsonNode run, String where) {
        String version = run.path("apiVersion").asText().replace("tekton.dev/", "");
        List<String> errors = violations(run, schema("tekton/300-pipelinerun.yaml", version), where);
        JsonNode pipelineSpec = run.path("spec").path("pipelineSpec");
        if (pipelineSpec.isObject()) {
            String at = where + ".spec.pipelineSpec";
            errors.addAll(violations(pipelineSpec, schema("tekton/300-pipeline.yaml", version).path("properties").path("spec"), at));
            JsonNode taskSchema = schema("tekton/300-task.yaml", version).path("properties").path("spec");
            for (String list : new String[] {"tasks", "finally"}) {
                JsonNode tasks = pipelineSpec.path(list);
                for (int i = 0; i < tasks.size(); i++) {
                    JsonNode taskSpec = tasks.get(i).path("taskSpec");
                    if (taskSpec.isObject() && !taskSpec.has("apiVersion")) {
                        com.fasterxml.jackson.databind.node.ObjectNode inline = taskSpec.deepCopy();
                        inline.remove("metadata"); // EmbeddedTask: the task's metadata beside the inlined TaskSpec
                        errors.addAll(violations(inline, taskSchema, at + "." + list + "[" + i + "].taskSpec"));
                    }
                }
            }
        }
        return errors;
    }

    /** Every way {@code node} breaks {@code schema}; empty when it fits. */
    public static List<String> violations(JsonNode node, JsonNode schema, String path) {
        List<String> errors = new ArrayList<>();
        check(node, schema, path, errors);
        return errors;
    }

    static void check(JsonNode node, JsonNode schema, String path, List<String> errors) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            expect(node.isTextual() || node.isIntegralNumber(), path, "an integer or a string", errors);
            return;
        }
        boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (schema.has("enum") && node.isValueNode()) {
            boolean listed = false;
            for (JsonNode allowed : schema.path("enum")) {
                listed |= allowed.equals(node);
            }
            expect(listed, path, "one of " + schema.path("enum"), errors);
        }
        switch (schema.path("type").asText("")) {
            case "object" -> checkObject(node, schema, path, preserveUnknown, errors);
            case "array" -> {
                if (!node.isArray()) {
                    errors.add(path + ": expected an array");
                } else {
                    for (int i = 0; i < node.size(); i++) {
                        check(node.get(i), schema.path("items"), path + "[" + i + "]", errors);
                    }
                }
            }
            case "string" -> expect(node.isTextual(), path, "a string", errors);
            case "integer" -> expect(node.isIntegralNumber(), path, "an integer", errors);
            case "number" -> expect(node.isNumber(), path, "a number", errors);
            case "boolean" -> expect(node.isBoolean(), path, "a boolean", errors);
            default -> { }
        }
    }

    private static void checkObject(JsonNode node, JsonNode schema, String path, boolean preserveUnknown, List<String> errors) {
        if (!node.isObject()) {
            errors.add(path + ": expected an object");
            return;
        }
        schema.path("required").forEach(r -> expect(node.has(r.asText()), path, "field " + r.asText(), errors));
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        node.properties().forEach(field -> {
            String where = path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(field.getValue(), properties.path(field.getKey()), where, errors);
            } else if (additional.isObject()) {
                check(field.getValue(), additional, where, errors);
            } else if (properties.size() > 0 && !preserveUnknown) {
                errors.add(where + ": unknown field");
            }
        });
    }

    private static void expect(boolean ok, String path, String what, List<String> errors) {
        if (!ok) {
            errors.add(path + ": expected " + what);
        }
    }
}
