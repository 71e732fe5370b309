package dev.synchook.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the shipped Notifications template ({@code template.synchook-sync}) renders for an Application,
 * field for field: the full payload, for tests that send it the way Argo CD would. NotificationsRenderTest
 * keeps it in step with the template as Argo CD renders it (Go text/template with sprig).
 */
public final class NotificationTemplate {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] SOURCE_FIELDS = {"repoURL", "path", "targetRevision", "chart", "ref"};

    private NotificationTemplate() {
    }

    public static ObjectNode render(JsonNode app) {
        JsonNode spec = app.path("spec");
        JsonNode status = app.path("status");
        JsonNode operation = status.path("operationState");
        ObjectNode body = NODES.objectNode();
        ObjectNode a = body.putObject("app");
        a.set("name", value(app.path("metadata").path("name")));
        a.set("namespace", value(app.path("metadata").path("namespace")));
        a.set("project", value(spec.path("project")));
        a.set("destinationNamespace", value(spec.path("destination").path("namespace")));
        if (operation.isObject()) {
            ObjectNode op = body.putObject("operation");
            op.set("phase", value(operation.path("phase")));
            op.set("startedAt", value(operation.path("startedAt")));
            op.set("initiatedBy", value(operation.path("operation").path("initiatedBy")));
            JsonNode result = operation.path("syncResult");
            if (result.isObject()) {
                ObjectNode r = op.putObject("syncResult");
                r.set("revision", value(result.path("revision")));
                r.set("revisions", value(result.path("revisions")));
                r.set("source", source(result.path("source")));
                r.set("sources", sources(result.path("sources")));
            } else {
                op.putNull("syncResult");
            }
        } else {
            body.putNull("operation");
        }
        JsonNode sync = status.path("sync");
        if (sync.isObject()) {
            ObjectNode s = body.putObject("sync");
            s.set("revision", value(sync.path("revision")));
            s.set("revisions", value(sync.path("revisions")));
        } else {
            body.putNull("sync");
        }
        body.set("source", source(spec.path("source")));
        body.set("sources", sources(spec.path("sources")));
        body.set("images", value(status.path("summary").path("images")));
        ArrayNode history = body.putArray("history");
        for (JsonNode entry : status.path("history")) {
            ObjectNode h = history.addObject();
            for (String field : new String[] {"id", "revision", "revisions", "deployedAt"}) {
                h.set(field, value(entry.path(field)));
            }
        }
        if (operation.isObject()) {
            body.put("trigger", operation.path("phase").asText().equals("Succeeded") ? "synchook-on-sync-succeeded" : "synchook-on-sync-failed");
        } else {
            body.putNull("trigger");
        }
        return body;
    }

    private static JsonNode source(JsonNode source) {
        if (!source.isObject()) {
            return NODES.nullNode();
        }
        ObjectNode out = NODES.objectNode();
        for (String field : SOURCE_FIELDS) {
            out.set(field, value(source.path(field)));
        }
        return out;
    }

    private static ArrayNode sources(JsonNode sources) {
        ArrayNode out = NODES.arrayNode();
        sources.forEach(s -> out.add(source(s)));
        return out;
    }

    /** toJson of a missing field is null. */
    private static JsonNode value(JsonNode node) {
        return node.isMissingNode() ? NODES.nullNode() : node.deepCopy();
    }
}
