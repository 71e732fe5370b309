package dev.synchook.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.SynchookException;
import dev.synchook.context.ApplicationSnapshot;
import dev.synchook.context.ContextKey;
import dev.synchook.context.Sourced;
import dev.synchook.context.SyncPhase;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook's door: the body the shipped Notifications template ({@code template.synchook-sync})
 * renders, checked field by field and turned back into the Application it was rendered from, so that
 * the one resolver reads a notification by the same rules as the live Application. Absent and
 * {@code null} fields are unknown; a field of the wrong type is an error naming it.
 *
 * @param app the application's name
 * @param applicationNamespace where the Application lives ({@code app.namespace}), when the body says
 * @param snapshot the Application as the body describes it
 */
record Notification(String app, Optional<Sourced> applicationNamespace, ApplicationSnapshot snapshot) {

    /** The body's field for each Application field it carries, most specific first. */
    private static final List<Map.Entry<String, String>> FIELDS = List.of(
            Map.entry("metadata.name", "app.name"),
            Map.entry("metadata.namespace", "app.namespace"),
            Map.entry("spec.project", "app.project"),
            Map.entry("spec.destination.namespace", "app.destinationNamespace"),
            Map.entry("spec.", ""),
            Map.entry("status.operationState.operation.", "operation."),
            Map.entry("status.operationState.", "operation."),
            Map.entry("status.sync.", "sync."),
            Map.entry("status.summary.images", "images"),
            Map.entry("status.history", "history"));

    /** The body's field that gives each value the run may need: named when it is missing. */
    static final Map<ContextKey, String> FIELD_OF_KEY = fieldsOfKeys();

    static Notification read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw WebhookException.invalid("body", "is not a JSON object");
        }
        Fields in = new Fields(body);
        String app = in.string("app.name").orElseThrow(() -> WebhookException.invalid("app.name", "is missing"));
        Optional<String> phase = in.string("operation.phase");
        phase.filter(p -> SyncPhase.ofOperation(p).isEmpty()).ifPresent(p -> {
            throw WebhookException.invalid("operation.phase", SynchookException.quote(p)
                    + " is not a finished operation; expected Succeeded, Failed or Error");
        });
        in.string("operation.startedAt").ifPresent(Notification::checkTime);

        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode application = nodes.objectNode();
        ObjectNode metadata = application.putObject("metadata").put("name", app);
        in.string("app.namespace").ifPresent(ns -> metadata.put("namespace", ns));
        ObjectNode spec = application.putObject("spec");
        in.string("app.project").ifPresent(p -> spec.put("project", p));
        in.string("app.destinationNamespace").ifPresent(ns -> spec.putObject("destination").put("namespace", ns));
        in.object("source").ifPresent(s -> spec.set("source", s));
        in.objects("sources").ifPresent(s -> spec.set("sources", s));
        ObjectNode status = application.putObject("status");
        ObjectNode operation = status.putObject("operationState");
        phase.ifPresent(p -> operation.put("phase", p));
        in.string("operation.startedAt").ifPresent(t -> operation.put("startedAt", t));
        in.object("operation.initiatedBy").ifPresent(by -> {
            in.string("operation.initiatedBy.username");
            in.bool("operation.initiatedBy.automated");
            operation.putObject("operation").set("initiatedBy", by);
        });
        in.object("operation.syncResult").ifPresent(result -> {
            in.string("operation.syncResult.revision");
            in.strings("operation.syncResult.revisions");
            in.object("operation.syncResult.source");
            in.objects("operation.syncResult.sources");
            operation.set("syncResult", result);
        });
        // The Application's sync status: what the hook door falls back to when the operation has no sync result.
        in.object("sync").ifPresent(sync -> {
            in.string("sync.revision");
            in.strings("sync.revisions");
            status.set("sync", sync);
        });
        in.strings("images").ifPresent(images -> status.putObject("summary").set("images", images));
        in.objects("history").ifPresent(history -> status.set("history", history));
        in.string("trigger"); // informational: the operation's phase decides
        Optional<Sourced> applicationNamespace = in.string("app.namespace").map(ns -> new Sourced(ns, "payload app.namespace"));
        return new Notification(app, applicationNamespace, new ApplicationSnapshot(application, "payload", Notification::fieldOf));
    }

    /** The body's name of an Application field: {@code operation.syncResult.revisions[1]} for {@code status.operationState.syncResult.revisions[1]}. */
    static String fieldOf(String applicationPath) {
        for (Map.Entry<String, String> field : FIELDS) {
            if (applicationPath.startsWith(field.getKey())) {
                return field.getValue() + applicationPath.substring(field.getKey().length());
            }
        }
        return applicationPath;
    }

    private static void checkTime(String text) {
        try {
            DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
        } catch (DateTimeParseException e) {
            throw WebhookException.invalid("operation.startedAt", SynchookException.quote(text) + " is not an RFC 3339 time");
        }
    }

    private static Map<ContextKey, String> fieldsOfKeys() {
        Map<ContextKey, String> fields = new EnumMap<>(ContextKey.class);
        fields.put(ContextKey.APP_NAME, "app.name");
        fields.put(ContextKey.APP_NAMESPACE, "app.destinationNamespace");
        fields.put(ContextKey.APP_PROJECT, "app.project");
        fields.put(ContextKey.PHASE, "operation.phase");
        fields.put(ContextKey.OPERATION_STARTED_AT, "operation.startedAt");
        fields.put(ContextKey.OPERATION_ID, "operation.startedAt");
        fields.put(ContextKey.INITIATED_BY, "operation.initiatedBy");
        fields.put(ContextKey.REVISION, "operation.syncResult.revision");
        fields.put(ContextKey.REVISIONS, "operation.syncResult.revisions");
        fields.put(ContextKey.REVISION_SHORT, "operation.syncResult.revision");
        fields.put(ContextKey.REPO_URL, "source.repoURL");
        fields.put(ContextKey.SOURCE_PATH, "source.path");
        fields.put(ContextKey.TARGET_REVISION, "source.targetRevision");
        fields.put(ContextKey.PREVIOUS_REVISION, "history");
        fields.put(ContextKey.IMAGE, "images");
        fields.put(ContextKey.IMAGE_TAG, "images");
        fields.put(ContextKey.IMAGE_DIGEST, "images");
        return Collections.unmodifiableMap(fields);
    }

    /** Typed reads of dotted paths, each naming its field when the type is wrong. */
    private record Fields(JsonNode root) {

        Optional<String> string(String field) {
            return node(field).map(n -> {
                if (!n.isTextual()) {
                    throw WebhookException.invalid(field, "is not a string");
                }
                return n.asText();
            }).filter(s -> !s.isEmpty());
        }

        void bool(String field) {
            node(field).filter(n -> !n.isBoolean()).ifPresent(n -> {
                throw WebhookException.invalid(field, "is not a boolean");
            });
        }

        Optional<JsonNode> object(String field) {
            return node(field).map(n -> {
                if (!n.isObject()) {
                    throw WebhookException.invalid(field, "is not an object");
                }
                return n.deepCopy();
            });
        }

        Optional<JsonNode> strings(String field) {
            return array(field, JsonNode::isTextual, "is not an array of strings");
        }

        Optional<JsonNode> objects(String field) {
            return array(field, JsonNode::isObject, "is not an array of objects");
        }

        private Optional<JsonNode> array(String field, java.util.function.Predicate<JsonNode> item, String problem) {
            return node(field).map(n -> {
                if (!n.isArray()) {
                    throw WebhookException.invalid(field, problem);
                }
                n.forEach(i -> {
                    if (!i.isNull() && !item.test(i)) {
                        throw WebhookException.invalid(field, problem);
                    }
                });
                return n.deepCopy();
            });
        }

        /** The node at a dotted path; empty when absent, JSON null, or under a non-object. */
        private Optional<JsonNode> node(String field) {
            JsonNode node = root;
            for (String part : field.split("\\.")) {
                node = node.isObject() ? node.get(part) : null;
                if (node == null || node.isNull()) {
                    return Optional.empty();
                }
            }
            return Optional.of(node);
        }
    }
}
