package dev.synchook.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.SynchookException;
import java.util.List;

/**
 * Converts PipelineRuns between {@code tekton.dev/v1} and {@code v1beta1}, for clusters that serve only the
 * older version and for v1beta1 templates on current clusters. The conversion follows Tekton's own
 * (pkg/apis/pipeline/v1beta1/*_conversion.go) and its v1 migration guide, at every depth where Tekton allows
 * an embedded spec: the run, its {@code pipelineSpec}, the pipeline's {@code tasks} and {@code finally}, their
 * {@code taskSpec}, its {@code steps}, {@code stepTemplate} and {@code sidecars}, and {@code taskRunSpecs} with
 * their step and sidecar specs. What one version cannot express is refused, never dropped.
 */
public final class ApiVersions {

    public static final String V1 = "tekton.dev/v1";
    public static final String V1BETA1 = "tekton.dev/v1beta1";

    /** The objects of a PipelineRun that the versions spell differently. */
    enum Shape { RUN_SPEC, PIPELINE_SPEC, PIPELINE_TASK, TASK_SPEC, STEP, STEP_TEMPLATE, SIDECAR, TASK_RUN_SPEC, STEP_SPEC, SIDECAR_SPEC }

    /** A field of a shape, named {@code v1} in tekton.dev/v1 and {@code v1beta1} in tekton.dev/v1beta1. */
    record Rename(Shape shape, String v1, String v1beta1) {
    }

    /** Where a shape holds another: {@code field} (its v1 name) holds one object, or a list of them. */
    record Nested(Shape parent, String field, boolean list, Shape child) {
    }

    /** A v1beta1 field with no v1 equivalent. */
    record Removed(Shape shape, String field, String why) {
    }

    static final List<Rename> RENAMES = List.of(
            new Rename(Shape.TASK_RUN_SPEC, "serviceAccountName", "taskServiceAccountName"),
            new Rename(Shape.TASK_RUN_SPEC, "podTemplate", "taskPodTemplate"),
            new Rename(Shape.TASK_RUN_SPEC, "stepSpecs", "stepOverrides"),
            new Rename(Shape.TASK_RUN_SPEC, "sidecarSpecs", "sidecarOverrides"),
            new Rename(Shape.STEP_SPEC, "computeResources", "resources"),
            new Rename(Shape.SIDECAR_SPEC, "computeResources", "resources"),
            new Rename(Shape.STEP, "computeResources", "resources"),
            new Rename(Shape.STEP_TEMPLATE, "computeResources", "resources"),
            new Rename(Shape.SIDECAR, "computeResources", "resources"));

    static final List<Nested> NESTED = List.of(
            new Nested(Shape.RUN_SPEC, "pipelineSpec", false, Shape.PIPELINE_SPEC),
            new Nested(Shape.RUN_SPEC, "taskRunSpecs", true, Shape.TASK_RUN_SPEC),
            new Nested(Shape.PIPELINE_SPEC, "tasks", true, Shape.PIPELINE_TASK),
            new Nested(Shape.PIPELINE_SPEC, "finally", true, Shape.PIPELINE_TASK),
            new Nested(Shape.PIPELINE_TASK, "taskSpec", false, Shape.TASK_SPEC),
            new Nested(Shape.TASK_SPEC, "steps", true, Shape.STEP),
            new Nested(Shape.TASK_SPEC, "stepTemplate", false, Shape.STEP_TEMPLATE),
            new Nested(Shape.TASK_SPEC, "sidecars", true, Shape.SIDECAR),
            new Nested(Shape.TASK_RUN_SPEC, "stepSpecs", true, Shape.STEP_SPEC),
            new Nested(Shape.TASK_RUN_SPEC, "sidecarSpecs", true, Shape.SIDECAR_SPEC));

    private static final String RESOURCES_GONE = "PipelineResources were removed in tekton.dev/v1; use workspaces and params";
    private static final String CONTAINER_FIELD_GONE =
            "this container field was deprecated in v1beta1 steps and removed in tekton.dev/v1; use a sidecar";
    static final List<Removed> REMOVED = List.of(
            new Removed(Shape.RUN_SPEC, "resources", RESOURCES_GONE),
            new Removed(Shape.PIPELINE_SPEC, "resources", RESOURCES_GONE),
            new Removed(Shape.PIPELINE_TASK, "resources", RESOURCES_GONE),
            new Removed(Shape.TASK_SPEC, "resources", RESOURCES_GONE),
            new Removed(Shape.STEP_TEMPLATE, "name", "a stepTemplate has no name in tekton.dev/v1"));
    private static final List<String> DEPRECATED_STEP_FIELDS = List.of("ports", "livenessProbe", "readinessProbe", "startupProbe",
            "lifecycle", "terminationMessagePath", "terminationMessagePolicy", "stdin", "stdinOnce", "tty");

    private ApiVersions() {
    }

    /**
     * v1 -> v1beta1: the renames of the table, {@code taskRunTemplate.*} move up to the run spec, and
     * {@code timeouts.pipeline} alone becomes {@code timeout} (older v1beta1 servers gate {@code timeouts}).
     */
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
        convert(spec, Shape.RUN_SPEC, "spec", false);
        return run;
    }

    /**
     * v1beta1 -> v1: the renames of the table, {@code serviceAccountName} and {@code podTemplate} move into
     * {@code taskRunTemplate}, {@code timeout} becomes {@code timeouts.pipeline}, bundles become the bundles
     * resolver; PipelineResources and the deprecated container fields of steps have no v1 equivalent.
     */
    public static ObjectNode toV1(ObjectNode v1beta1) {
        ObjectNode run = v1beta1.deepCopy();
        run.put("apiVersion", V1);
        ObjectNode spec = run.withObjectProperty("spec");
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
        bundleToResolver(spec, "pipelineRef", "pipeline", "spec");
        convert(spec, Shape.RUN_SPEC, "spec", true);
        return run;
    }

    /** Applies the table to one object of the given shape and to everything nested in it. */
    private static void convert(ObjectNode node, Shape shape, String path, boolean toV1) {
        if (toV1) {
            for (Removed removed : REMOVED) {
                if (removed.shape() == shape && node.has(removed.field())) {
                    throw refuse(path + "." + removed.field(), removed.why());
                }
            }
            if (shape == Shape.STEP || shape == Shape.STEP_TEMPLATE) {
                for (String field : DEPRECATED_STEP_FIELDS) {
                    if (node.has(field)) {
                        throw refuse(path + "." + field, CONTAINER_FIELD_GONE);
                    }
                }
            }
            if (shape == Shape.PIPELINE_TASK) {
                bundleToResolver(node, "taskRef", "task", path);
            }
        }
        for (Rename rename : RENAMES) {
            if (rename.shape() != shape) {
                continue;
            }
            String from = toV1 ? rename.v1beta1() : rename.v1();
            String to = toV1 ? rename.v1() : rename.v1beta1();
            if (node.has(from) && node.has(to)) {
                throw refuse(path + "." + from, "both " + from + " and " + to + " are set; keep one");
            }
            JsonNode value = node.remove(from);
            if (value != null) {
                node.set(to, value);
            }
        }
        for (Nested nested : NESTED) {
            if (nested.parent() != shape) {
                continue;
            }
            // after the renames above, the field has the target version's name
            String field = fieldName(shape, nested.field(), toV1);
            JsonNode child = node.path(field);
            if (nested.list() && child.isArray()) {
                ArrayNode items = (ArrayNode) child;
                for (int i = 0; i < items.size(); i++) {
                    if (items.get(i).isObject()) {
                        convert((ObjectNode) items.get(i), nested.child(), path + "." + field + "[" + i + "]", toV1);
                    }
                }
            } else if (!nested.list() && child.isObject()) {
                convert((ObjectNode) child, nested.child(), path + "." + field, toV1);
            }
        }
    }

    /** The name a v1 field has in the version being converted to. */
    private static String fieldName(Shape shape, String v1Name, boolean toV1) {
        if (toV1) {
            return v1Name;
        }
        return RENAMES.stream().filter(r -> r.shape() == shape && r.v1().equals(v1Name)).map(Rename::v1beta1).findFirst().orElse(v1Name);
    }

    /** v1beta1's {@code bundle} on a pipeline or task reference is the bundles resolver in v1, as Tekton converts it. */
    private static void bundleToResolver(ObjectNode owner, String refField, String kind, String path) {
        JsonNode bundle = owner.path(refField).path("bundle");
        if (!bundle.isTextual()) {
            return;
        }
        ObjectNode ref = owner.withObjectProperty(refField);
        if (ref.has("resolver")) {
            throw refuse(path + "." + refField + ".bundle", "both bundle and resolver are set; keep one");
        }
        String name = ref.path("name").asText("");
        ref.removeAll();
        ref.put("resolver", "bundles");
        ArrayNode params = ref.putArray("params");
        params.addObject().put("name", "bundle").put("value", bundle.asText());
        params.addObject().put("name", "name").put("value", name);
        params.addObject().put("name", "kind").put("value", kind);
    }

    private static SynchookException refuse(String field, String why) {
        return SynchookException.badInput(field, null, why, "write the template for the version the cluster serves");
    }
}
