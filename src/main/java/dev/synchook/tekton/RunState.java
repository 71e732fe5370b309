package dev.synchook.tekton;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.render.Yaml;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parts of a PipelineRun's (or TaskRun's) status synchook acts on, read from the generic tree:
 * the Succeeded condition, the children, the skipped tasks and the times.
 */
public record RunState(Condition succeeded, List<ChildRef> children, List<SkippedTask> skipped,
        Optional<Instant> startTime, Optional<Instant> completionTime, Optional<String> specStatus) {

    /** {@code status.conditions[type=Succeeded]}; status is True, False or Unknown. */
    public record Condition(String status, String reason, String message) {
        static final Condition UNKNOWN = new Condition("Unknown", null, null);

        public boolean done() {
            return "True".equals(status) || "False".equals(status);
        }

        public boolean succeeded() {
            return "True".equals(status);
        }
    }

    /** One entry of {@code status.childReferences}. */
    public record ChildRef(String apiVersion, String kind, String name, String pipelineTaskName) {
        public String taskName() {
            return pipelineTaskName != null ? pipelineTaskName : name;
        }
    }

    public record SkippedTask(String name, String reason) {
    }

    public static RunState of(GenericKubernetesResource resource) {
        JsonNode root = Yaml.JSON.valueToTree(resource.getAdditionalProperties());
        JsonNode status = root.path("status");
        Condition succeeded = Condition.UNKNOWN;
        for (JsonNode c : status.path("conditions")) {
            if ("Succeeded".equals(c.path("type").asText())) {
                succeeded = new Condition(c.path("status").asText("Unknown"), text(c, "reason"), text(c, "message"));
            }
        }
        List<ChildRef> children = new ArrayList<>();
        for (JsonNode c : status.path("childReferences")) {
            children.add(new ChildRef(text(c, "apiVersion"), c.path("kind").asText("TaskRun"), text(c, "name"),
                    text(c, "pipelineTaskName")));
        }
        List<SkippedTask> skipped = new ArrayList<>();
        for (JsonNode s : status.path("skippedTasks")) {
            skipped.add(new SkippedTask(text(s, "name"), text(s, "reason")));
        }
        return new RunState(succeeded, List.copyOf(children), List.copyOf(skipped), time(status, "startTime"),
                time(status, "completionTime"), Optional.ofNullable(text(root.path("spec"), "status")));
    }

    public boolean done() {
        return succeeded.done();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }

    static Optional<Instant> time(JsonNode node, String field) {
        String value = text(node, field);
        try {
            return Optional.ofNullable(value).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
