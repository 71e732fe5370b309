package dev.synchook.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What the Notifications template would render for an Application, built in Java: values
 * discovered from the Application are then read exactly like a payload.
 */
final class ApplicationPayload {

    private ApplicationPayload() {
    }

    static ObjectNode of(JsonNode app) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        JsonNode spec = app.path("spec");
        JsonNode status = app.path("status");
        JsonNode operation = status.path("operationState");
        ObjectNode a = payload.putObject("app");
        copy(app.path("metadata"), "name", a, "name");
        copy(app.path("metadata"), "namespace", a, "namespace");
        copy(spec, "project", a, "project");
        copy(spec.path("destination"), "namespace", a, "destinationNamespace");
        // A running operation is a newer sync than the notified one: only its finished results count.
        if (!List.of("Succeeded", "Failed", "Error").contains(operation.path("phase").asText())) {
            operation = MissingNode.getInstance();
        }
        ObjectNode op = payload.putObject("operation");
        copy(operation, "phase", op, "phase");
        copy(operation, "startedAt", op, "startedAt");
        copy(operation.path("operation"), "initiatedBy", op, "initiatedBy");
        JsonNode result = operation.path("syncResult");
        ObjectNode syncResult = op.putObject("syncResult");
        copy(result, "revision", syncResult, "revision");
        copy(result, "revisions", syncResult, "revisions");
        syncResult.set("source", source(result.path("source")));
        syncResult.set("sources", sources(result.path("sources")));
        payload.set("source", source(spec.path("source")));
        payload.set("sources", sources(spec.path("sources")));
        copy(status.path("summary"), "images", payload, "images");
        ArrayNode history = payload.putArray("history");
        for (JsonNode entry : status.path("history")) {
            ObjectNode h = history.addObject();
            for (String field : new String[] {"id", "revision", "revisions", "deployedAt"}) {
                copy(entry, field, h, field);
            }
        }
        if (operation.has("phase")) {
            payload.put("trigger", operation.path("phase").asText().equals("Succeeded") ? "on-sync-succeeded" : "on-sync-failed");
        }
        return payload;
    }

    private static JsonNode source(JsonNode source) {
        if (!source.isObject()) {
            return JsonNodeFactory.instance.nullNode();
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String field : new String[] {"repoURL", "path", "targetRevision", "chart"}) {
            copy(source, field, out, field);
        }
        return out;
    }

    private static ArrayNode sources(JsonNode sources) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        sources.forEach(s -> out.add(source(s)));
        return out;
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull()) {
            to.set(as, value.deepCopy());
        }
    }
}
