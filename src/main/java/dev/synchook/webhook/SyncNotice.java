package dev.synchook.webhook;

import dev.synchook.context.ContextKey;
import dev.synchook.context.Sourced;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One sync notification, read: the context values it gives (each sourced as
 * {@code payload <field>}), the Application's own namespace, the images of the app and its project.
 */
public record SyncNotice(Map<ContextKey, Sourced> values, Optional<String> applicationNamespace, List<String> images) {

    /** The payload field that gives each value: named in errors about a missing value. */
    static final Map<ContextKey, String> FIELDS = fields();

    public SyncNotice {
        values = Collections.unmodifiableMap(values.isEmpty() ? new EnumMap<>(ContextKey.class) : new EnumMap<>(values));
        images = List.copyOf(images);
    }

    public Optional<String> value(ContextKey key) {
        return Optional.ofNullable(values.get(key)).map(Sourced::value);
    }

    public String app() {
        return value(ContextKey.APP_NAME).orElse("");
    }

    /** This notice's values, then the other's where this one has none. */
    SyncNotice orElse(SyncNotice other) {
        Map<ContextKey, Sourced> merged = new EnumMap<>(ContextKey.class);
        merged.putAll(other.values);
        merged.putAll(values);
        return new SyncNotice(merged, applicationNamespace.or(other::applicationNamespace), images.isEmpty() ? other.images : images);
    }

    /** Without the values of the operation: for an Application whose last operation is not the notified one. */
    SyncNotice withoutOperation() {
        Map<ContextKey, Sourced> kept = new EnumMap<>(ContextKey.class);
        kept.putAll(values);
        kept.keySet().removeAll(List.of(ContextKey.REVISION, ContextKey.REVISION_SHORT, ContextKey.PHASE, ContextKey.OPERATION_ID,
                ContextKey.OPERATION_STARTED_AT, ContextKey.INITIATED_BY, ContextKey.PREVIOUS_REVISION));
        return new SyncNotice(kept, applicationNamespace, images);
    }

    private static Map<ContextKey, String> fields() {
        Map<ContextKey, String> fields = new EnumMap<>(ContextKey.class);
        fields.put(ContextKey.APP_NAME, "app.name");
        fields.put(ContextKey.APP_NAMESPACE, "app.destinationNamespace");
        fields.put(ContextKey.APP_PROJECT, "app.project");
        fields.put(ContextKey.PHASE, "operation.phase");
        fields.put(ContextKey.OPERATION_STARTED_AT, "operation.startedAt");
        fields.put(ContextKey.OPERATION_ID, "operation.startedAt");
        fields.put(ContextKey.INITIATED_BY, "operation.initiatedBy");
        fields.put(ContextKey.REVISION, "operation.syncResult.revision");
        fields.put(ContextKey.REPO_URL, "source.repoURL");
        fields.put(ContextKey.SOURCE_PATH, "source.path");
        fields.put(ContextKey.TARGET_REVISION, "source.targetRevision");
        fields.put(ContextKey.PREVIOUS_REVISION, "history");
        fields.put(ContextKey.IMAGE, "images");
        return Collections.unmodifiableMap(fields);
    }
}
