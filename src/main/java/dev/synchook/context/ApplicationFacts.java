package dev.synchook.context;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * What synchook reads from an {@code argoproj.io/v1alpha1} Application: the revision of the current
 * operation's sync result (never {@code status.sync.revision}, which may already be newer), the
 * source it came from, who started the operation and when, the last good revision, and the images.
 * Each value carries the field path it came from.
 */
public record ApplicationFacts(
        Optional<Field> name,
        Optional<Field> project,
        Optional<Field> destinationNamespace,
        Optional<Field> operationPhase,
        Optional<Field> revision,
        Optional<Field> revisions,
        Optional<Field> repoUrl,
        Optional<Field> sourcePath,
        Optional<Field> targetRevision,
        Optional<Field> startedAt,
        Optional<Field> initiatedBy,
        Optional<Field> previousRevision,
        List<SyncedImages> images,
        String imagesField) {

    private static final Logger LOG = Logger.getLogger(ApplicationFacts.class);

    /** A value and its field path in the Application. */
    public record Field(String value, String path) {
    }

    /** The images of one synced resource (Argo CD 3.1+), or of the whole app from {@code status.summary.images}. */
    public record SyncedImages(String kind, String name, List<String> images) {
    }

    /** Which source of a multi-source application is "the" revision: by repo URL, else by index, else the first without {@code ref}. */
    public record SourceSelector(Optional<String> repoUrl, Optional<Integer> index) {
        public static final SourceSelector DEFAULT = new SourceSelector(Optional.empty(), Optional.empty());
    }

    public static ApplicationFacts parse(JsonNode app, SourceSelector selector) {
        JsonNode spec = app.path("spec");
        JsonNode status = app.path("status");
        JsonNode operation = status.path("operationState");
        JsonNode syncResult = operation.path("syncResult");

        // The sources the sync result was made from; fall back to the spec when it has none.
        boolean multi = syncResult.path("sources").isArray() && !syncResult.path("sources").isEmpty()
                || spec.path("sources").isArray() && !spec.path("sources").isEmpty();
        String sourcesBase = syncResult.path("sources").isArray() && !syncResult.path("sources").isEmpty()
                ? "status.operationState.syncResult.sources" : "spec.sources";
        JsonNode sources = sourcesBase.startsWith("status") ? syncResult.path("sources") : spec.path("sources");
        int index = multi ? chooseSource(sources, selector) : -1;
        JsonNode source = multi ? sources.path(index)
                : syncResult.path("source").isObject() ? syncResult.path("source") : spec.path("source");
        String sourceBase = multi ? sourcesBase + "[" + index + "]"
                : syncResult.path("source").isObject() ? "status.operationState.syncResult.source" : "spec.source";

        // Argo CD writes revision: "" and fills revisions[] for multi-source apps: an empty value counts as absent.
        Optional<Field> revision = multi
                ? text(syncResult.path("revisions").path(index), "status.operationState.syncResult.revisions[" + index + "]")
                : text(syncResult.path("revision"), "status.operationState.syncResult.revision");
        Optional<Field> revisions = joined(syncResult.path("revisions"), "status.operationState.syncResult.revisions");
        if (revision.isEmpty()) {
            revision = multi ? text(status.path("sync").path("revisions").path(index), "status.sync.revisions[" + index + "]")
                    : text(status.path("sync").path("revision"), "status.sync.revision");
            revision.ifPresent(r -> LOG.warnf("the Application's operation has no sync result yet: using %s = %s, "
                    + "which may be newer than what this operation synced", r.path(), r.value()));
        }
        if (revisions.isEmpty() && syncResult.path("revisions").isMissingNode()) {
            revisions = multi ? joined(status.path("sync").path("revisions"), "status.sync.revisions") : Optional.empty();
        }
        if (revisions.isEmpty()) {
            revisions = revision;
        }

        Optional<Field> initiatedBy = text(operation.path("operation").path("initiatedBy").path("username"),
                "status.operationState.operation.initiatedBy.username");
        if (initiatedBy.isEmpty() && operation.path("operation").path("initiatedBy").path("automated").asBoolean(false)) {
            initiatedBy = Optional.of(new Field("automated", "status.operationState.operation.initiatedBy.automated"));
        }

        List<SyncedImages> images = new ArrayList<>();
        String imagesField = "status.operationState.syncResult.resources[].images";
        for (JsonNode resource : syncResult.path("resources")) {
            List<String> list = strings(resource.path("images"));
            if (!list.isEmpty()) {
                images.add(new SyncedImages(resource.path("kind").asText(), resource.path("name").asText(), list));
            }
        }
        if (images.isEmpty()) {
            imagesField = "status.summary.images";
            List<String> summary = strings(status.path("summary").path("images"));
            if (!summary.isEmpty()) {
                images.add(new SyncedImages("", "", summary));
            }
        }

        return new ApplicationFacts(
                text(app.path("metadata").path("name"), "metadata.name"),
                text(spec.path("project"), "spec.project"),
                text(spec.path("destination").path("namespace"), "spec.destination.namespace"),
                text(operation.path("phase"), "status.operationState.phase"),
                revision,
                revisions,
                text(source.path("repoURL"), sourceBase + ".repoURL"),
                text(source.path("path"), sourceBase + ".path").or(() -> text(source.path("chart"), sourceBase + ".chart")),
                text(source.path("targetRevision"), sourceBase + ".targetRevision"),
                text(operation.path("startedAt"), "status.operationState.startedAt"),
                initiatedBy,
                previousRevision(status.path("history"), revision.map(Field::value).orElse(null), multi ? index : -1),
                List.copyOf(images), imagesField);
    }

    /** Every distinct image of the sync, in order. */
    public Set<String> allImages() {
        Set<String> all = new LinkedHashSet<>();
        images.forEach(i -> all.addAll(i.images()));
        return all;
    }

    /** The operation start as Unix seconds: the same number Argo CD puts into generated hook names. */
    public Optional<String> operationUnixSeconds() {
        return startedAt.flatMap(f -> {
            try {
                return Optional.of(Long.toString(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(f.value(), Instant::from).getEpochSecond()));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    private static int chooseSource(JsonNode sources, SourceSelector selector) {
        if (selector.repoUrl().isPresent()) {
            String wanted = normalise(selector.repoUrl().get());
            for (int i = 0; i < sources.size(); i++) {
                if (normalise(sources.path(i).path("repoURL").asText()).equals(wanted)) {
                    return i;
                }
            }
            LOG.warnf("no source of the Application has repoURL %s; using the first", selector.repoUrl().get());
        }
        if (selector.index().isPresent()) {
            return Math.max(0, Math.min(selector.index().get(), sources.size() - 1));
        }
        for (int i = 0; i < sources.size(); i++) {
            if (sources.path(i).path("ref").asText("").isEmpty()) {
                return i;
            }
        }
        return 0;
    }

    private static String normalise(String url) {
        return url.trim().replaceAll("\\.git$", "").replaceAll("/$", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** The newest history entry whose revision differs from the current one: the last good deploy. */
    private static Optional<Field> previousRevision(JsonNode history, String current, int index) {
        String newest = null;
        String newestPath = null;
        long newestId = Long.MIN_VALUE;
        for (int i = 0; i < history.size(); i++) {
            JsonNode entry = history.get(i);
            String rev = index >= 0 ? entry.path("revisions").path(index).asText("") : entry.path("revision").asText("");
            if (!rev.isEmpty() && !rev.equals(current) && entry.path("id").asLong(i) >= newestId) {
                newestId = entry.path("id").asLong(i);
                newest = rev;
                newestPath = "status.history[" + i + "]." + (index >= 0 ? "revisions[" + index + "]" : "revision");
            }
        }
        return newest == null ? Optional.empty() : Optional.of(new Field(newest, newestPath));
    }

    /** Every source's revision in source order, comma-separated (revisions never hold commas); empty ones stay empty. */
    private static Optional<Field> joined(JsonNode array, String path) {
        if (!array.isArray() || array.isEmpty()) {
            return Optional.empty();
        }
        List<String> all = new ArrayList<>();
        array.forEach(n -> all.add(n.asText("")));
        return all.stream().allMatch(String::isBlank) ? Optional.empty() : Optional.of(new Field(String.join(",", all), path));
    }

    private static Optional<Field> text(JsonNode node, String path) {
        return node.isTextual() && !node.asText().isBlank() ? Optional.of(new Field(node.asText(), path)) : Optional.empty();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> {
            if (n.isTextual() && !n.asText().isBlank()) {
                out.add(n.asText());
            }
        });
        return out;
    }
}
