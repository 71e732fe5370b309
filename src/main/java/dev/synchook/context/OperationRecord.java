package dev.synchook.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Argo CD's own record of one sync operation, found in a live Application by the operation's start
 * time: the current operation ({@code status.operationState} when its {@code startedAt} is that
 * time), else the {@code status.history} entry with that {@code deployStartedAt} (Argo CD writes
 * history only for a successful full sync), else nothing: the Application cannot confirm it.
 *
 * @param kind where the operation was found
 * @param where the Application field that records it, or why nothing does
 * @param recorded the operation as an Application-shaped tree that {@link ApplicationFacts} reads; empty when unconfirmed
 * @param historyIndex the history entry, or -1
 */
public record OperationRecord(Kind kind, String where, Optional<JsonNode> recorded, int historyIndex) {

    public enum Kind {
        CURRENT, HISTORY, UNCONFIRMED
    }

    /**
     * One value a sender claims and the Application's record contradicts.
     *
     * @param path the Application field path of the claimed value (the sender's snapshot names it in its own terms)
     * @param claimed what the sender says
     * @param actual what the Application records
     * @param actualPath where the Application records it
     */
    public record Disagreement(String path, String claimed, String actual, String actualPath) {
    }

    private static final String SYNC_RESULT = "status.operationState.syncResult.";

    public OperationRecord {
        recorded = recorded.map(JsonNode::deepCopy);
    }

    @Override
    public Optional<JsonNode> recorded() {
        return recorded.map(JsonNode::deepCopy);
    }

    /** The record of the operation that started at {@code startedAt}, compared to the second as Argo CD's hook names do. */
    public static OperationRecord find(JsonNode application, Instant startedAt) {
        JsonNode status = application.path("status");
        Optional<Instant> current = instant(status.path("operationState").path("startedAt").asText(""));
        if (current.isPresent() && current.get().getEpochSecond() == startedAt.getEpochSecond()) {
            ObjectNode copy = application.deepCopy();
            // status.sync is the app's state now, not the operation's: it must not stand in for a missing sync result.
            ((ObjectNode) copy.path("status")).remove("sync");
            return new OperationRecord(Kind.CURRENT, "status.operationState", Optional.of(copy), -1);
        }
        JsonNode history = status.path("history");
        for (int i = 0; i < history.size(); i++) {
            JsonNode entry = history.get(i);
            Optional<Instant> started = instant(entry.path("deployStartedAt").asText(""));
            if (started.isPresent() && started.get().getEpochSecond() == startedAt.getEpochSecond()) {
                return new OperationRecord(Kind.HISTORY, "status.history[" + i + "]", Optional.of(fromHistory(application, entry)), i);
            }
        }
        String now = current.map(Instant::toString).map(t -> "its current operation started at " + t)
                .orElse("it records no current operation");
        return new OperationRecord(Kind.UNCONFIRMED, now + " and no status.history entry has deployStartedAt "
                + startedAt, Optional.empty(), -1);
    }

    /** The Application field path that holds a value of this record, for messages. */
    public String pathOf(String applicationPath) {
        if (kind == Kind.HISTORY && applicationPath.startsWith(SYNC_RESULT)) {
            return where + "." + applicationPath.substring(SYNC_RESULT.length());
        }
        if (kind == Kind.HISTORY && applicationPath.equals("status.operationState.startedAt")) {
            return where + ".deployStartedAt";
        }
        if (kind == Kind.HISTORY && applicationPath.startsWith("status.operationState.operation.initiatedBy")) {
            return where + ".initiatedBy" + applicationPath.substring("status.operationState.operation.initiatedBy".length());
        }
        if (kind == Kind.HISTORY && applicationPath.equals("status.operationState.phase")) {
            return where + " (history holds successful syncs only)";
        }
        return applicationPath;
    }

    /**
     * What the sender claims and this record contradicts: revision(s), repository URL, source path,
     * target revision, phase, images, project, destination namespace and the previous revision. A value the record does not hold is not contradicted; an
     * unconfirmed operation contradicts nothing (and confirms nothing).
     */
    public List<Disagreement> disagreements(ApplicationFacts claimed, ApplicationFacts.SourceSelector selector) {
        if (recorded.isEmpty()) {
            return List.of();
        }
        ApplicationFacts actual = ApplicationFacts.parse(recorded.get(), selector);
        List<Disagreement> found = new ArrayList<>();
        compare(found, claimed.revision(), actual.revision(), Function.identity());
        compare(found, claimed.revisions(), actual.revisions(), Function.identity());
        compare(found, claimed.repoUrl(), actual.repoUrl(), OperationRecord::normaliseUrl);
        compare(found, claimed.sourcePath(), actual.sourcePath(), Function.identity());
        compare(found, claimed.targetRevision(), actual.targetRevision(), Function.identity());
        compare(found, claimed.operationPhase(), actual.operationPhase(), Function.identity());
        // Routes match on the project; {{ app_namespace }} is the destination: the spec records both.
        compare(found, claimed.project(), actual.project(), Function.identity());
        compare(found, claimed.destinationNamespace(), actual.destinationNamespace(), Function.identity());
        // {{ previous_revision }} (a rollback's target): any revision the history records, since it grows after the operation.
        claimed.previousRevision().ifPresent(previous -> {
            Set<String> recordedRevisions = historyRevisions();
            if (!recordedRevisions.isEmpty() && !recordedRevisions.contains(previous.value())) {
                found.add(new Disagreement(previous.path(), previous.value(), String.join(",", recordedRevisions), "status.history[]"));
            }
        });
        Set<String> recordedImages = images(actual);
        Set<String> claimedImages = claimed.allImages();
        if (!claimedImages.isEmpty() && !recordedImages.isEmpty() && !recordedImages.containsAll(claimedImages)) {
            List<String> unknown = claimedImages.stream().filter(i -> !recordedImages.contains(i)).toList();
            found.add(new Disagreement(claimed.imagesField(), String.join(",", unknown), String.join(",", recordedImages),
                    pathOf(actual.imagesField()) + (actual.imagesField().equals("status.summary.images") ? "" : ", status.summary.images")));
        }
        return List.copyOf(found);
    }

    /** Every revision the Application's history records (each source's, for multi-source apps). */
    private Set<String> historyRevisions() {
        Set<String> all = new LinkedHashSet<>();
        recorded.get().path("status").path("history").forEach(entry -> {
            if (entry.path("revision").isTextual() && !entry.path("revision").asText().isBlank()) {
                all.add(entry.path("revision").asText());
            }
            entry.path("revisions").forEach(r -> {
                if (r.isTextual() && !r.asText().isBlank()) {
                    all.add(r.asText());
                }
            });
        });
        return all;
    }

    /** The images the Application records: those of the operation's synced resources and of its summary. */
    private Set<String> images(ApplicationFacts actual) {
        Set<String> all = new LinkedHashSet<>(actual.allImages());
        recorded.get().path("status").path("summary").path("images").forEach(n -> {
            if (n.isTextual() && !n.asText().isBlank()) {
                all.add(n.asText());
            }
        });
        return all;
    }

    private void compare(List<Disagreement> found, Optional<ApplicationFacts.Field> claimed, Optional<ApplicationFacts.Field> actual,
            Function<String, String> normal) {
        if (claimed.isEmpty() || actual.isEmpty()) {
            return;
        }
        if (!normal.apply(claimed.get().value()).equals(normal.apply(actual.get().value()))) {
            found.add(new Disagreement(claimed.get().path(), claimed.get().value(), actual.get().value(), pathOf(actual.get().path())));
        }
    }

    /** A history entry as the current operation it once was: a successful sync of its revision(s) and source(s). */
    private static JsonNode fromHistory(JsonNode application, JsonNode entry) {
        ObjectNode copy = application.deepCopy();
        ObjectNode status = (ObjectNode) copy.path("status");
        status.remove("sync");
        ObjectNode operation = status.putObject("operationState");
        operation.put("phase", "Succeeded");
        operation.set("startedAt", entry.path("deployStartedAt"));
        if (entry.has("initiatedBy")) {
            operation.putObject("operation").set("initiatedBy", entry.get("initiatedBy"));
        }
        ObjectNode result = operation.putObject("syncResult");
        for (String field : List.of("revision", "revisions", "source", "sources")) {
            if (entry.has(field) && !entry.get(field).isNull()) {
                result.set(field, entry.get(field));
            }
        }
        return copy;
    }

    static String normaliseUrl(String url) {
        return url.trim().replaceAll("/$", "").replaceAll("\\.git$", "").toLowerCase(Locale.ROOT);
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
