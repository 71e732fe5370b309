package dev.synchook.render;

import dev.synchook.context.ContextKey;
import dev.synchook.context.SyncContext;
import dev.synchook.context.SyncPhase;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The deterministic name, labels and annotations of the one run of a sync operation. The same
 * (application, phase, operation, revision) always gives the same name, so retried hooks and
 * repeated webhook deliveries meet the run that already exists instead of making another.
 */
public record RunIdentity(String name, Map<String, String> labels, Map<String, String> annotations, boolean operationKnown) {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "synchook";
    public static final String LABEL_APP = "synchook.dev/app";
    public static final String LABEL_PHASE = "synchook.dev/phase";
    public static final String LABEL_REVISION = "synchook.dev/revision";
    public static final String LABEL_OPERATION = "synchook.dev/operation";
    public static final String ANNOTATION_APP_NAMESPACE = "synchook.dev/app-namespace";
    private static final int HASH_LENGTH = 10;

    public RunIdentity {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    public static RunIdentity of(SyncContext context, Optional<String> prefixName) {
        String app = context.require(ContextKey.APP_NAME, "the run name");
        String revision = context.require(ContextKey.REVISION, "the run name");
        SyncPhase phase = context.phase();
        String appNamespace = context.value(ContextKey.APP_NAMESPACE).orElse("");
        Optional<String> operation = context.value(ContextKey.OPERATION_ID);
        String shortRevision = context.value(ContextKey.REVISION_SHORT).orElse(revision);

        String key = String.join("\u0000", appNamespace, app, phase.lowerName(), operation.orElse(""), revision);
        String hash = KubeNames.hash(key, HASH_LENGTH);
        String readable = KubeNames.dnsLabelPart(
                prefixName.orElse(app) + "-" + phase.lowerName() + "-" + shortRevision, KubeNames.MAX_NAME - HASH_LENGTH - 1);
        String name = readable.isEmpty() ? "run-" + hash : readable + "-" + hash;

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, MANAGER);
        labels.put(LABEL_APP, KubeNames.safeLabelValue(app));
        labels.put(LABEL_PHASE, phase.lowerName());
        labels.put(LABEL_REVISION, KubeNames.safeLabelValue(revision));
        operation.ifPresent(op -> labels.put(LABEL_OPERATION, KubeNames.safeLabelValue(op)));

        // Full values, whatever the labels had to shorten.
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(LABEL_APP, app);
        if (!appNamespace.isEmpty()) {
            annotations.put(ANNOTATION_APP_NAMESPACE, appNamespace);
        }
        annotations.put(LABEL_REVISION, revision);
        operation.ifPresent(op -> annotations.put(LABEL_OPERATION, op));
        return new RunIdentity(name, labels, annotations, operation.isPresent());
    }
}
