package dev.synchook.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.SynchookException;
import java.util.Map;

/**
 * Converts PipelineRuns between {@code tekton.dev/v1} and {@code v1beta1}, for clusters that serve
 * only the older version and for v1beta1 templates on current clusters. What one version cannot
 * express is refused, never dropped.
 */
public final class ApiVersions {

    public static final String V1 = "tekton.dev/v1";
    public static final String V1BETA1 = "tekton.dev/v1beta1";
    // per-task fields renamed between the versions: v1 name -> v1beta1 name
    private static final Map<String, String> TASK_RUN_SPEC_RENAMES = Map.of("serviceAccountName", "taskServiceAccountName",
            "podTemplate", "taskPodTemplate", "stepSpecs", "stepOverrides", "sidecarSpecs", "sidecarOverrides");

    private ApiVersions() {
    }

    /** v1 -> v1beta1: {@code taskRunTemplate.*} move up, {@code timeouts.pipeline} becomes {@code timeout} when alone. */
    public static ObjectNode toV1beta1(ObjectNode v1) {
        ObjectNode run = v1.deepCopy();
        run.put("apiVersion", V1BETA1);
        ObjectNode spec = run.withObjectProperty("spec");
        JsonNode template = spec.remove("taskRunTemplate");
        if (template != null) {
            template.properties().forEach(e -> {
                if (!e.getKey().equals("serviceAccountName") && !e.getKey().equals("podTemplate")) {
                    throw refuse("spec.taskRunTemplate." + e.getKey(), "tekton.dev/v1beta1 has no such field");
                }
                spec.set(e.getKey(), e.getValue());
            });
        }
        JsonNode timeouts = spec.path("timeouts");
        if (timeouts.isObject() && timeouts.size() == 1 && timeouts.has("pipeline")) {
            spec.remove("timeouts");
            spec.set("timeout", timeouts.get("pipeline"));
        }
        renameTaskRunSpecFields(spec, false);
        return run;
    }

    /** v1beta1 -> v1: the reverse; PipelineResources and bundles without a resolver do not exist in v1. */
    public static ObjectNode toV1(ObjectNode v1beta1) {
        ObjectNode run = v1beta1.deepCopy();
        run.put("apiVersion", V1);
        ObjectNode spec = run.withObjectProperty("spec");
        if (spec.has("resources")) {
            throw refuse("spec.resources", "PipelineResources were removed in tekton.dev/v1; use workspaces and params");
        }
        for (String moved : new String[] {"serviceAccountName", "podTemplate"}) {
            JsonNode value = spec.remove(moved);
            if (value != null) {
                spec.withObjectProperty("taskRunTemplate").set(moved, value);
            }
        }
        JsonNode timeout = spec.remove("timeout");
        if (timeout != null) {
            if (spec.path("timeouts").has("pipeline")) {
                throw refuse("spec.timeout", "both timeout and timeouts.pipeline are set; keep one");
            }
            spec.withObjectProperty("timeouts").set("pipeline", timeout);
        }
        JsonNode bundle = spec.path("pipelineRef").path("bundle");
        if (bundle.isTextual()) {
            ObjectNode ref = spec.withObjectProperty("pipelineRef");
            String name = ref.path("name").asText("");
            ref.removeAll();
            ref.put("resolver", "bundles");
            var params = ref.putArray("params");
            params.addObject().put("name", "bundle").put("value", bundle.asText());
            params.addObject().put("name", "name").put("value", name);
            params.addObject().put("name", "kind").put("value", "pipeline");
        }
        renameTaskRunSpecFields(spec, true);
        return run;
    }

    private static void renameTaskRunSpecFields(ObjectNode spec, boolean toV1) {
        for (JsonNode taskRunSpec : spec.path("taskRunSpecs")) {
            ObjectNode node = (ObjectNode) taskRunSpec;
            TASK_RUN_SPEC_RENAMES.forEach((v1Name, v1beta1Name) -> {
                String from = toV1 ? v1beta1Name : v1Name;
                String to = toV1 ? v1Name : v1beta1Name;
                JsonNode value = node.remove(from);
                if (value != null) {
                    node.set(to, value);
                }
            });
        }
    }

    private static SynchookException refuse(String field, String why) {
        return SynchookException.badInput(field, null, why, "write the template for the version the cluster serves");
    }
}
