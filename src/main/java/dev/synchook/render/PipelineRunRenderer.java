package dev.synchook.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.synchook.SynchookException;
import dev.synchook.context.ContextKey;
import dev.synchook.context.Discovery;
import dev.synchook.context.SyncContext;
import java.util.Map;
import java.util.Set;

/**
 * Turns a run request and a sync context into a {@code tekton.dev/v1} PipelineRun tree. Pure: no
 * client, no I/O. The template is built first (with placeholders), checked, then substituted, and
 * synchook's own name, namespace, labels and annotations are merged in last.
 */
public final class PipelineRunRenderer {

    public static final String API_VERSION = "tekton.dev/v1";
    public static final String KIND = "PipelineRun";
    /** Argo CD's tracking marks: copied to the run, they would make Argo CD adopt and prune it. */
    static final String TRACKING_ANNOTATION = Discovery.TRACKING_ANNOTATION;
    static final String TRACKING_LABEL = Discovery.DEFAULT_APP_LABEL;

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    /** The PipelineRun before substitution: the template (or an empty run) with the flags applied; checked. */
    public ObjectNode template(RunRequest request) {
        ObjectNode run = request.template().orElseGet(() -> {
            ObjectNode empty = nodes.objectNode();
            empty.put("apiVersion", API_VERSION);
            empty.put("kind", KIND);
            empty.putObject("metadata");
            empty.putObject("spec");
            return empty;
        });
        ObjectNode metadata = run.withObjectProperty("metadata");
        ObjectNode spec = run.withObjectProperty("spec");
        pipelineRef(request).ifPresent(ref -> {
            spec.remove("pipelineSpec");
            spec.set("pipelineRef", ref);
        });
        if (!request.params().isEmpty()) {
            ArrayNode params = spec.withArrayProperty("params");
            request.params().forEach(p -> upsertByName(params, p.toNode()));
        }
        if (!request.workspaces().isEmpty()) {
            ArrayNode workspaces = spec.withArrayProperty("workspaces");
            request.workspaces().forEach(w -> upsertByName(workspaces, w.binding().deepCopy()));
        }
        request.serviceAccount().ifPresent(sa -> spec.withObjectProperty("taskRunTemplate").put("serviceAccountName", sa));
        request.timeout().ifPresent(t -> {
            RunChecks.checkDuration("--timeout", TextNode.valueOf(t));
            spec.withObjectProperty("timeouts").put("pipeline", t);
        });
        putAll(metadata, "labels", request.labels(), "--label");
        putAll(metadata, "annotations", request.annotations(), "--annotation");
        RunChecks.check(run);
        return run;
    }

    /** The pipelineRef the flags ask for: by name, or by resolver with its params. */
    private java.util.Optional<ObjectNode> pipelineRef(RunRequest request) {
        if (request.pipelineResolver().isPresent()) {
            ObjectNode ref = nodes.objectNode().put("resolver", request.pipelineResolver().get());
            ArrayNode params = ref.putArray("params");
            request.pipelineParams().forEach(p -> params.add(p.toNode()));
            return java.util.Optional.of(ref);
        }
        if (request.pipeline().isPresent() || request.template().isEmpty()) {
            String pipeline = request.pipeline().map(String::trim).orElse("");
            if (pipeline.isEmpty()) {
                throw SynchookException.badInput("--pipeline", pipeline, "is empty",
                        "name the Pipeline to run with --pipeline or SYNCHOOK_PIPELINE, or give a --template");
            }
            return java.util.Optional.of(nodes.objectNode().put("name", pipeline));
        }
        return java.util.Optional.empty();
    }

    /** The placeholders a request uses: what the context must supply. */
    public Set<ContextKey> requiredKeys(RunRequest request) {
        return Placeholders.used(template(request));
    }

    public ObjectNode render(RunRequest request, SyncContext context) {
        ObjectNode template = template(request);
        Placeholders.used(template); // unknown placeholders fail before any value is looked at
        ObjectNode run = (ObjectNode) Placeholders.substitute(template, context);
        RunIdentity identity = RunIdentity.of(context, request.prefixName());
        String keptName = request.keepTemplateName() ? run.path("metadata").path("name").asText("") : "";
        applyIdentity(run, identity, context.require(ContextKey.NAMESPACE, "metadata.namespace"));
        if (!keptName.isEmpty()) {
            ((ObjectNode) run.get("metadata")).put("name", keptName);
        }
        RunChecks.check(run);
        return run;
    }

    /** Merges synchook's own fields: they win over what the template says. Metadata is written in a fixed order. */
    static void applyIdentity(ObjectNode run, RunIdentity identity, String namespace) {
        ObjectNode given = run.withObjectProperty("metadata");
        ObjectNode labels = JsonNodeFactory.instance.objectNode();
        ObjectNode annotations = JsonNodeFactory.instance.objectNode();
        identity.labels().forEach(labels::put);
        identity.annotations().forEach(annotations::put);
        given.withObjectProperty("labels").properties().forEach(e -> {
            if (!e.getKey().equals(TRACKING_LABEL) && !labels.has(e.getKey())) {
                labels.set(e.getKey(), e.getValue());
            }
        });
        given.withObjectProperty("annotations").properties().forEach(e -> {
            if (!e.getKey().equals(TRACKING_ANNOTATION) && !annotations.has(e.getKey())) {
                annotations.set(e.getKey(), e.getValue());
            }
        });
        safeLabels(labels, annotations);

        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        metadata.put("name", identity.name());
        metadata.put("namespace", namespace);
        metadata.set("labels", labels);
        metadata.set("annotations", annotations);
        given.properties().forEach(e -> {
            if (!metadata.has(e.getKey()) && !e.getKey().equals("generateName")) {
                metadata.set(e.getKey(), e.getValue());
            }
        });
        // keep apiVersion and kind first: rebuild the run with metadata in its place
        ObjectNode spec = (ObjectNode) run.remove("spec");
        run.set("metadata", metadata);
        if (spec != null) {
            run.set("spec", spec);
        }
    }

    /** Label values that substitution made invalid are shortened and hashed; the full value goes to the annotation of the same key. */
    private static void safeLabels(ObjectNode labels, ObjectNode annotations) {
        labels.properties().forEach(e -> {
            String value = e.getValue().asText();
            String safe = KubeNames.safeLabelValue(value);
            if (!safe.equals(value)) {
                e.setValue(JsonNodeFactory.instance.textNode(safe));
                annotations.put(e.getKey(), value);
            }
        });
    }

    private static void putAll(ObjectNode metadata, String field, Map<String, String> values, String flag) {
        if (values.isEmpty()) {
            return;
        }
        ObjectNode target = metadata.withObjectProperty(field);
        values.forEach((k, v) -> {
            if (!KubeNames.isLabelKey(k)) {
                throw SynchookException.badInput(flag, k + "=" + v, "key " + SynchookException.quote(k) + " is not a valid key",
                        "use [prefix/]name with letters, digits, '-', '_' and '.', the name at most 63 characters");
            }
            target.put(k, v);
        });
    }

    /** Adds an item or replaces the one with the same name: a later flag overrides an earlier one. */
    static void upsertByName(ArrayNode array, ObjectNode item) {
        String name = item.path("name").asText();
        for (int i = 0; i < array.size(); i++) {
            JsonNode existing = array.get(i);
            if (name.equals(existing.path("name").asText())) {
                array.set(i, item);
                return;
            }
        }
        array.add(item);
    }
}
