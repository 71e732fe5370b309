package dev.synchook.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.SynchookException;
import dev.synchook.context.ContextKey;
import dev.synchook.context.Sourced;
import dev.synchook.context.SyncPhase;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the JSON that the shipped Notifications template ({@code template.synchook-sync}) renders.
 * Absent and {@code null} fields are simply unknown; a field of the wrong type is an error naming it.
 */
final class NoticeReader {

    private final JsonNode root;
    private final String origin;
    private final Map<ContextKey, Sourced> values = new EnumMap<>(ContextKey.class);

    private NoticeReader(JsonNode root, String origin) {
        this.root = root;
        this.origin = origin;
    }

    /** @param origin how values are sourced: {@code payload}, or the Application they were read from */
    static SyncNotice read(JsonNode root, String origin) {
        if (root == null || !root.isObject()) {
            throw WebhookException.invalid("body", "is not a JSON object");
        }
        return new NoticeReader(root, origin).read();
    }

    private SyncNotice read() {
        put(ContextKey.APP_NAME, "app.name");
        put(ContextKey.APP_PROJECT, "app.project");
        put(ContextKey.APP_NAMESPACE, "app.destinationNamespace");
        phase();
        startedAt();
        initiatedBy();
        revision();
        source();
        List<String> images = strings("images");
        previousRevision();
        string("trigger"); // informational; the phase decides
        return new SyncNotice(values, string("app.namespace"), images);
    }

    /** Argo CD's operation phase to the hook phase it stands for. */
    private void phase() {
        string("operation.phase").ifPresent(phase -> {
            SyncPhase hook = switch (phase) {
                case "Succeeded" -> SyncPhase.POST_SYNC;
                case "Failed", "Error" -> SyncPhase.SYNC_FAIL;
                default -> throw WebhookException.invalid("operation.phase", SynchookException.quote(phase)
                        + " is not a finished operation; expected Succeeded, Failed or Error");
            };
            values.put(ContextKey.PHASE, sourced(hook.argoName(), "operation.phase"));
        });
    }

    /** The operation's start is its identity, in whole seconds as in a hook Job's name, so both name the same run. */
    private void startedAt() {
        string("operation.startedAt").ifPresent(text -> {
            Instant start;
            try {
                start = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from).truncatedTo(ChronoUnit.SECONDS);
            } catch (DateTimeParseException e) {
                throw WebhookException.invalid("operation.startedAt", SynchookException.quote(text) + " is not an RFC 3339 time");
            }
            values.put(ContextKey.OPERATION_ID, sourced(Long.toString(start.getEpochSecond()), "operation.startedAt"));
            values.put(ContextKey.OPERATION_STARTED_AT, sourced(DateTimeFormatter.ISO_INSTANT.format(start), "operation.startedAt"));
        });
    }

    private void initiatedBy() {
        Optional<String> user = string("operation.initiatedBy.username");
        if (user.isPresent()) {
            values.put(ContextKey.INITIATED_BY, sourced(user.get(), "operation.initiatedBy.username"));
        } else if (bool("operation.initiatedBy.automated")) {
            values.put(ContextKey.INITIATED_BY, sourced("automated", "operation.initiatedBy.automated"));
        }
    }

    /** {@code revision} for one source; the first of {@code revisions} for a multi-source app. */
    private void revision() {
        Optional<String> single = string("operation.syncResult.revision");
        if (single.isPresent()) {
            values.put(ContextKey.REVISION, sourced(single.get(), "operation.syncResult.revision"));
            return;
        }
        strings("operation.syncResult.revisions").stream().findFirst()
                .ifPresent(r -> values.put(ContextKey.REVISION, sourced(r, "operation.syncResult.revisions[0]")));
    }

    /** What was synced (the sync result's source) before what is configured now (the app's spec). */
    private void source() {
        for (String base : List.of("operation.syncResult.source", "operation.syncResult.sources[0]", "source", "sources[0]")) {
            putIfAbsent(ContextKey.REPO_URL, base + ".repoURL");
            putIfAbsent(ContextKey.SOURCE_PATH, base + ".path");
            putIfAbsent(ContextKey.TARGET_REVISION, base + ".targetRevision");
        }
    }

    /**
     * The last good deploy. Argo CD appends a successful sync to the history before it notifies, so
     * after a success the previous deploy is the entry before the one of this revision.
     */
    private void previousRevision() {
        if (putIfAbsent(ContextKey.PREVIOUS_REVISION, "previousRevision")) {
            return;
        }
        JsonNode history = node("history");
        if (history == null) {
            return;
        }
        if (!history.isArray()) {
            throw WebhookException.invalid("history", "is not an array");
        }
        List<String> revisions = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            JsonNode entry = history.get(i);
            String rev = text(entry.get("revision")).or(() -> text(entry.path("revisions").get(0))).orElse("");
            revisions.add(rev);
        }
        int last = revisions.size() - 1;
        boolean succeeded = values.containsKey(ContextKey.PHASE) && values.get(ContextKey.PHASE).value().equals("PostSync");
        String current = values.containsKey(ContextKey.REVISION) ? values.get(ContextKey.REVISION).value() : null;
        int index = succeeded && last >= 0 && revisions.get(last).equals(current) ? last - 1 : last;
        if (index >= 0 && !revisions.get(index).isEmpty()) {
            values.put(ContextKey.PREVIOUS_REVISION, sourced(revisions.get(index), "history[" + index + "].revision"));
        }
    }

    private void put(ContextKey key, String field) {
        string(field).ifPresent(v -> values.put(key, sourced(v, field)));
    }

    private boolean putIfAbsent(ContextKey key, String field) {
        if (!values.containsKey(key)) {
            put(key, field);
        }
        return values.containsKey(key);
    }

    private Sourced sourced(String value, String field) {
        return new Sourced(value, origin + " " + field);
    }

    private Optional<String> string(String field) {
        JsonNode node = node(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw WebhookException.invalid(field, "is not a string");
        }
        return Optional.of(node.asText()).filter(s -> !s.isEmpty());
    }

    private boolean bool(String field) {
        JsonNode node = node(field);
        if (node != null && !node.isBoolean()) {
            throw WebhookException.invalid(field, "is not a boolean");
        }
        return node != null && node.asBoolean();
    }

    private List<String> strings(String field) {
        JsonNode node = node(field);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw WebhookException.invalid(field, "is not an array of strings");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw WebhookException.invalid(field, "is not an array of strings");
            }
            if (!item.asText().isEmpty()) {
                list.add(item.asText());
            }
        }
        return list;
    }

    private static Optional<String> text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
    }

    /** The node at a dotted path ({@code a.b[0].c}); null when absent, JSON null, or under a non-object. */
    private JsonNode node(String field) {
        JsonNode node = root;
        for (String part : field.split("\\.")) {
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            node = node.isObject() ? node.get(name) : null;
            if (node != null && bracket >= 0) {
                int index = Integer.parseInt(part.substring(bracket + 1, part.length() - 1));
                node = node.isArray() ? node.get(index) : null;
            }
            if (node == null || node.isNull()) {
                return null;
            }
        }
        return node;
    }
}
