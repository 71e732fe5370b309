package dev.synchook.context;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Finds the sync context, most explicit source first, each step needing a little more permission:
 * flags and settings, Argo CD's build-environment names, the hook Job's own name (no permission),
 * the hook Job ({@code get jobs}), the Application ({@code get applications}). It stops as soon as
 * every needed value is known, and every value keeps its source.
 */
public final class SyncContextResolver {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{7,}");
    /**
     * What every run needs, whichever door the sync came through: its name is a hash of the application
     * (namespace and name), phase, operation and revision. The application's namespace is worth a read but
     * a run can do without it.
     */
    public static final Set<ContextKey> IDENTITY = Collections.unmodifiableSet(EnumSet.of(ContextKey.APP_NAME,
            ContextKey.APP_NAMESPACE, ContextKey.REVISION, ContextKey.PHASE, ContextKey.OPERATION_ID));
    /** What the Job can tell. */
    private static final Set<ContextKey> FROM_JOB = EnumSet.of(ContextKey.APP_NAME, ContextKey.PHASE, ContextKey.OPERATION_ID);
    /** What the Application can tell. */
    private static final Set<ContextKey> FROM_APPLICATION = EnumSet.of(ContextKey.REVISION, ContextKey.REVISION_SHORT,
            ContextKey.REVISIONS, ContextKey.APP_PROJECT, ContextKey.APP_NAMESPACE, ContextKey.REPO_URL, ContextKey.SOURCE_PATH,
            ContextKey.TARGET_REVISION, ContextKey.OPERATION_STARTED_AT, ContextKey.INITIATED_BY, ContextKey.PREVIOUS_REVISION,
            ContextKey.IMAGE, ContextKey.IMAGE_TAG, ContextKey.IMAGE_DIGEST, ContextKey.OPERATION_ID, ContextKey.PHASE);
    /** Values that belong to one sync operation: an Application now describing another operation must not give them. */
    private static final Set<ContextKey> OF_THE_OPERATION = EnumSet.of(ContextKey.REVISION, ContextKey.REVISIONS,
            ContextKey.OPERATION_STARTED_AT, ContextKey.OPERATION_ID, ContextKey.INITIATED_BY, ContextKey.PREVIOUS_REVISION,
            ContextKey.PHASE, ContextKey.IMAGE);

    /** Resolves without a cluster. */
    public SyncContext resolve(ContextInputs in) {
        return resolve(in, Set.of(), null);
    }

    /**
     * @param needed the values the run uses; discovery reads the cluster only while one of them is missing
     * @param cluster the cluster to read, or null for none
     */
    public SyncContext resolve(ContextInputs in, Set<ContextKey> needed, ClusterReader cluster) {
        Resolution r = new Resolution();
        explicit(in, r);
        jobName(in, r);
        // The hook pod runs in the application's destination namespace: known without any read.
        in.podNamespace().or(() -> env(in, "POD_NAMESPACE")).ifPresent(ns -> r.found.putIfAbsent(ContextKey.APP_NAMESPACE, ns));
        in.notified().ifPresent(snapshot -> facts(in, r, ApplicationFacts.parse(snapshot.application(), in.discovery().sources()),
                snapshot::sourceOf, false));
        if (cluster != null && in.discovery().enabled()) {
            Optional<String> appNamespace = job(in, r, needed, cluster);
            application(in, r, needed, cluster, appNamespace.or(() -> in.applicationNamespace().map(Sourced::value)));
        } else if (!in.discovery().enabled()) {
            FROM_APPLICATION.forEach(k -> r.tried(k, "discovery is off"));
            in.notified().ifPresent(n -> r.confirmation = Confirmation.of(Confirmation.Outcome.NOT_CHECKED, "discovery is off"));
        } else {
            FROM_APPLICATION.forEach(k -> r.tried(k, "no cluster to read"));
            in.notified().ifPresent(n -> r.confirmation = Confirmation.of(Confirmation.Outcome.NOT_CHECKED, "no cluster to read"));
        }
        // Last for the operation: the Job's UID, new for every hook Job Argo CD creates, the same across pod retries.
        in.jobUid().or(() -> Optional.ofNullable(r.jobUidRead)).ifPresent(uid -> r.found.putIfAbsent(ContextKey.OPERATION_ID, uid));
        derive(r.found, in);
        return r.context();
    }

    /** Found values and, for missing ones, every source that was tried. */
    private static final class Resolution {
        final Map<ContextKey, Sourced> found = new EnumMap<>(ContextKey.class);
        final Map<ContextKey, List<String>> tried = new EnumMap<>(ContextKey.class);
        final Set<ContextKey> refused = EnumSet.noneOf(ContextKey.class);
        Sourced jobUidRead;
        /** Why the Job, the source of the app name, could not be read because the API server refused. */
        String jobRefused;
        Confirmation confirmation;

        void tried(ContextKey key, String what) {
            tried.computeIfAbsent(key, k -> new ArrayList<>()).add(what);
        }

        /** A read that could have supplied these keys was refused (RBAC, unreachable). */
        void refused(Set<ContextKey> keys, String what) {
            keys.forEach(k -> tried(k, what));
            refused.addAll(keys);
        }

        boolean missingAny(Set<ContextKey> needed, Set<ContextKey> suppliable) {
            return needed.stream().anyMatch(k -> suppliable.contains(k) && !found.containsKey(k));
        }

        SyncContext context() {
            Map<ContextKey, String> unresolved = new EnumMap<>(ContextKey.class);
            tried.forEach((key, reasons) -> {
                if (!found.containsKey(key)) {
                    unresolved.put(key, String.join("; ", reasons));
                }
            });
            Set<ContextKey> refusedMissing = EnumSet.noneOf(ContextKey.class);
            refused.stream().filter(k -> !found.containsKey(k)).forEach(refusedMissing::add);
            return new SyncContext(found, unresolved, refusedMissing, Optional.ofNullable(confirmation));
        }
    }

    /** 1. Flags and settings first, then Argo CD's build-environment names. */
    private static void explicit(ContextInputs in, Resolution r) {
        for (ContextKey key : ContextKey.values()) {
            Sourced explicit = in.explicit().get(key);
            if (explicit == null) {
                explicit = key.argocdEnv().flatMap(name -> env(in, name)).orElse(null);
            }
            if (explicit != null) {
                ContextValues.check(key, explicit);
                r.found.put(key, explicit);
            } else {
                r.tried(key, "not set: " + key.flag() + ", " + key.synchookEnv() + key.argocdEnv().map(e -> ", " + e).orElse(""));
            }
        }
    }

    /** 2. The Job's generated name: phase, short revision, operation start; needs no permission. */
    private static void jobName(ContextInputs in, Resolution r) {
        Optional<HookJobName> parsed = in.jobName().flatMap(n -> HookJobName.parse(n.value()));
        if (parsed.isEmpty()) {
            String why = in.jobName().map(n -> "job-name " + n.value() + " is not Argo CD's generated form")
                    .orElse("job-name not set (SYNCHOOK_JOB_NAME)");
            List.of(ContextKey.PHASE, ContextKey.REVISION_SHORT, ContextKey.OPERATION_ID, ContextKey.OPERATION_STARTED_AT)
                    .forEach(k -> r.tried(k, why));
            return;
        }
        HookJobName job = parsed.get();
        String source = "job-name " + in.jobName().get().value();
        r.found.putIfAbsent(ContextKey.PHASE, new Sourced(job.phase().argoName(), source));
        // A full revision given explicitly is the better source of its own short form.
        if (!r.found.containsKey(ContextKey.REVISION)) {
            job.revisionShort().ifPresent(s -> r.found.putIfAbsent(ContextKey.REVISION_SHORT, new Sourced(s, source)));
        }
        r.found.putIfAbsent(ContextKey.OPERATION_ID, new Sourced(Long.toString(job.operationStartUnix()), source));
        r.found.putIfAbsent(ContextKey.OPERATION_STARTED_AT,
                new Sourced(DateTimeFormatter.ISO_INSTANT.format(job.operationStart()), source));
    }

    /** 3. The hook's own Job: the app name from Argo CD's tracking, the hook phase. Returns the Application's namespace if the tracking id names one. */
    private static Optional<String> job(ContextInputs in, Resolution r, Set<ContextKey> needed, ClusterReader cluster) {
        if (!r.missingAny(withoutOperationIfUidKnown(needed, in, r), FROM_JOB)) {
            return Optional.empty();
        }
        Optional<String> namespace = in.podNamespace().map(Sourced::value);
        if (in.jobName().isEmpty() || namespace.isEmpty()) {
            FROM_JOB.forEach(k -> r.tried(k, "job: not read (SYNCHOOK_JOB_NAME or the pod namespace unknown)"));
            return Optional.empty();
        }
        String name = in.jobName().get().value();
        ClusterReader.Read read = cluster.job(namespace.get(), name);
        String where = read.where("job " + namespace.get() + "/" + name);
        if (read.object().isEmpty()) {
            String what = where + ": " + read.problem();
            if (read.refused()) {
                r.refused(FROM_JOB, what);
                r.jobRefused = what;
            } else {
                FROM_JOB.forEach(k -> r.tried(k, what));
            }
            return Optional.empty();
        }
        JsonNode metadata = read.object().get().path("metadata");
        // Tracking methods "annotation" and "annotation+label" write the annotation, "label" only the label.
        Optional<TrackingId.Owner> owner = TrackingId.parse(metadata.path("annotations").path(Discovery.TRACKING_ANNOTATION).asText(null))
                .map(TrackingId::owner);
        String ownerSource = where + " annotation " + Discovery.TRACKING_ANNOTATION;
        if (owner.isEmpty()) {
            owner = TrackingId.Owner.parse(metadata.path("labels").path(in.discovery().appLabelKey()).asText(null));
            ownerSource = where + " label " + in.discovery().appLabelKey();
        }
        Optional<String> appNamespace = Optional.empty();
        if (owner.isPresent()) {
            r.found.putIfAbsent(ContextKey.APP_NAME, new Sourced(owner.get().app(), ownerSource));
            appNamespace = owner.get().appNamespace();
        } else {
            r.tried(ContextKey.APP_NAME, where + ": no " + Discovery.TRACKING_ANNOTATION + " annotation or "
                    + in.discovery().appLabelKey() + " label in a form Argo CD writes");
        }
        String hook = metadata.path("annotations").path("argocd.argoproj.io/hook").asText("");
        // A Job may serve several phases ("PostSync,SyncFail"): only a single one says which this is.
        SyncPhase.find(hook).ifPresent(p -> r.found.putIfAbsent(ContextKey.PHASE, new Sourced(p.argoName(),
                where + " annotation argocd.argoproj.io/hook")));
        if (!metadata.path("uid").asText("").isEmpty()) {
            r.jobUidRead = new Sourced(metadata.path("uid").asText(), where + " metadata.uid");
        }
        return appNamespace;
    }

    /**
     * 4. The Application: the revision this operation synced, sources, initiator, history and images.
     * A notification's values come from outside the cluster: the Application is read for them even when
     * nothing is missing, to confirm them against its record of the operation.
     */
    private static void application(ContextInputs in, Resolution r, Set<ContextKey> needed, ClusterReader cluster,
            Optional<String> knownNamespace) {
        boolean confirm = in.notified().isPresent();
        // The operation alone is no reason to read the Application: it comes from it only when it is read anyway.
        Set<ContextKey> wanted = EnumSet.noneOf(ContextKey.class);
        wanted.addAll(needed);
        wanted.remove(ContextKey.OPERATION_ID);
        if (!confirm && !r.missingAny(wanted, FROM_APPLICATION)) {
            FROM_APPLICATION.forEach(k -> r.tried(k, "application: not read (nothing else the run uses is missing)"));
            return;
        }
        Sourced app = r.found.get(ContextKey.APP_NAME);
        if (app == null) {
            if (r.jobRefused != null) {
                // the app name would have come from the Job: the refused Job read is why the Application is unread
                r.refused(FROM_APPLICATION, "application: not read (the app name is unknown: " + r.jobRefused + ")");
            } else {
                FROM_APPLICATION.forEach(k -> r.tried(k, "application: not read (the app name is unknown)"));
            }
            return;
        }
        String namespace = knownNamespace.orElse(in.discovery().argocdNamespace());
        ClusterReader.Read read = cluster.application(namespace, app.value());
        String where = read.where("application " + namespace + "/" + app.value());
        if (read.object().isEmpty()) {
            if (read.refused()) {
                r.refused(FROM_APPLICATION, where + ": " + read.problem());
            } else {
                FROM_APPLICATION.forEach(k -> r.tried(k, where + ": " + read.problem()));
            }
            if (confirm) {
                r.confirmation = Confirmation.of("not found".equals(read.problem()) ? Confirmation.Outcome.UNCONFIRMED
                        : Confirmation.Outcome.UNREADABLE, where + ": " + read.problem());
            }
            return;
        }
        if (confirm) {
            r.confirmation = confirm(in, r, read.object().get(), where);
        }
        ApplicationFacts facts = ApplicationFacts.parse(read.object().get(), in.discovery().sources());
        Optional<String> otherOperation = otherOperation(r, facts);
        otherOperation.ifPresent(why -> OF_THE_OPERATION.forEach(k -> r.tried(k, where + ": " + why)));
        facts(in, r, facts, path -> where + " ." + path, otherOperation.isPresent());
        FROM_APPLICATION.forEach(k -> r.tried(k, where + ": no value"));
    }

    /**
     * The notified operation against the Application's record of it: the operation with the notified
     * start (the current one when the notification names none), every value the notification gives
     * that the record also holds compared.
     */
    private static Confirmation confirm(ContextInputs in, Resolution r, JsonNode application, String where) {
        Optional<Instant> notified = Optional.ofNullable(r.found.get(ContextKey.OPERATION_STARTED_AT))
                .flatMap(s -> instant(s.value()))
                .or(() -> instant(application.path("status").path("operationState").path("startedAt").asText("")));
        if (notified.isEmpty()) {
            return Confirmation.of(Confirmation.Outcome.UNCONFIRMED, where + ": neither the notification nor the Application "
                    + "gives an operation start");
        }
        OperationRecord record = OperationRecord.find(application, notified.get());
        if (record.kind() == OperationRecord.Kind.UNCONFIRMED) {
            return Confirmation.of(Confirmation.Outcome.UNCONFIRMED, where + ": " + record.where());
        }
        ApplicationFacts claimed = ApplicationFacts.parse(in.notified().get().application(), in.discovery().sources());
        List<OperationRecord.Disagreement> disagreements = record.disagreements(claimed, in.discovery().sources());
        return new Confirmation(disagreements.isEmpty() ? Confirmation.Outcome.CONFIRMED : Confirmation.Outcome.DISAGREES,
                where + " ." + record.where(), disagreements);
    }

    /**
     * Why the Application's operation is not the one being resolved, if it is not: its start differs
     * from the one a Job name or a notification gave (the app has synced again since).
     */
    private static Optional<String> otherOperation(Resolution r, ApplicationFacts facts) {
        Sourced known = r.found.get(ContextKey.OPERATION_STARTED_AT);
        if (known == null || facts.startedAt().isEmpty()) {
            return Optional.empty();
        }
        Optional<Instant> wanted = instant(known.value());
        Optional<Instant> current = instant(facts.startedAt().get().value());
        if (wanted.isEmpty() || current.isEmpty() || wanted.get().getEpochSecond() == current.get().getEpochSecond()) {
            return Optional.empty();
        }
        return Optional.of("its current operation started at " + facts.startedAt().get().value() + ", not at "
                + known.value() + " (" + known.source() + ")");
    }

    /** The values one reading of an Application gives, each named by {@code sourceOf} its field path. */
    private static void facts(ContextInputs in, Resolution r, ApplicationFacts facts, UnaryOperator<String> sourceOf,
            boolean otherOperation) {
        put(r, ContextKey.APP_NAME, facts.name(), sourceOf);
        put(r, ContextKey.APP_PROJECT, facts.project(), sourceOf);
        put(r, ContextKey.APP_NAMESPACE, facts.destinationNamespace(), sourceOf);
        put(r, ContextKey.REPO_URL, facts.repoUrl(), sourceOf);
        put(r, ContextKey.SOURCE_PATH, facts.sourcePath(), sourceOf);
        put(r, ContextKey.TARGET_REVISION, facts.targetRevision(), sourceOf);
        if (otherOperation) {
            return;
        }
        put(r, ContextKey.REVISION, facts.revision(), sourceOf);
        put(r, ContextKey.REVISIONS, facts.revisions(), sourceOf);
        put(r, ContextKey.OPERATION_STARTED_AT, facts.startedAt(), sourceOf);
        put(r, ContextKey.INITIATED_BY, facts.initiatedBy(), sourceOf);
        put(r, ContextKey.PREVIOUS_REVISION, facts.previousRevision(), sourceOf);
        // A finished operation tells the hook phase it stands for; a running one (the hook's own) tells nothing.
        facts.operationPhase().ifPresent(p -> SyncPhase.ofOperation(p.value()).ifPresent(phase ->
                r.found.putIfAbsent(ContextKey.PHASE, new Sourced(phase.argoName(), sourceOf.apply(p.path())))));
        // The operation's start is what Argo CD's own hook names carry: it stays the same across the Job's retries.
        facts.operationUnixSeconds().ifPresent(s -> r.found.putIfAbsent(ContextKey.OPERATION_ID,
                new Sourced(s, sourceOf.apply("status.operationState.startedAt"))));
        if (!r.found.containsKey(ContextKey.IMAGE) && !r.found.containsKey(ContextKey.IMAGE_TAG)) {
            ImageSelector.Choice choice = in.discovery().images().choose(facts);
            choice.image().ifPresentOrElse(
                    image -> r.found.put(ContextKey.IMAGE, new Sourced(image, sourceOf.apply(facts.imagesField()))),
                    () -> List.of(ContextKey.IMAGE, ContextKey.IMAGE_TAG, ContextKey.IMAGE_DIGEST)
                            .forEach(k -> r.tried(k, sourceOf.apply(facts.imagesField()) + ": " + choice.reason())));
        }
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A Job UID from the downward API identifies the operation well enough that no read is needed for it alone. */
    private static Set<ContextKey> withoutOperationIfUidKnown(Set<ContextKey> needed, ContextInputs in, Resolution r) {
        if (in.jobUid().isEmpty() && r.jobUidRead == null || !needed.contains(ContextKey.OPERATION_ID)) {
            return needed;
        }
        Set<ContextKey> rest = EnumSet.noneOf(ContextKey.class);
        rest.addAll(needed);
        rest.remove(ContextKey.OPERATION_ID);
        return rest;
    }

    private static void put(Resolution r, ContextKey key, Optional<ApplicationFacts.Field> field, UnaryOperator<String> sourceOf) {
        field.ifPresent(f -> {
            Sourced sourced = new Sourced(f.value(), sourceOf.apply(f.path()));
            if (!r.found.containsKey(key)) {
                ContextValues.check(key, sourced);
                r.found.put(key, sourced);
            }
        });
    }

    /** Values that follow from others: short revision, image tag and digest, namespaces. */
    private static void derive(Map<ContextKey, Sourced> found, ContextInputs in) {
        Sourced revision = found.get(ContextKey.REVISION);
        if (revision != null && !found.containsKey(ContextKey.REVISION_SHORT)) {
            found.put(ContextKey.REVISION_SHORT, new Sourced(shortRevision(revision.value()), "derived from revision"));
        }
        Sourced image = found.get(ContextKey.IMAGE);
        if (image != null) {
            ImageRef ref = ImageRef.parse(image.value());
            ref.tagOrDigest().ifPresent(t -> found.putIfAbsent(ContextKey.IMAGE_TAG, new Sourced(t, "derived from image")));
            ref.digest().ifPresent(d -> found.putIfAbsent(ContextKey.IMAGE_DIGEST, new Sourced(d, "derived from image")));
        }
        Optional<Sourced> podNamespace = in.podNamespace().or(() -> env(in, "POD_NAMESPACE"));
        podNamespace.or(in::clientNamespace).ifPresent(ns -> found.putIfAbsent(ContextKey.NAMESPACE, ns));
        found.putIfAbsent(ContextKey.NAMESPACE, new Sourced("default", "default"));
        if (!found.containsKey(ContextKey.PHASE)) {
            found.put(ContextKey.PHASE, new Sourced(SyncPhase.POST_SYNC.argoName(), "default"));
        }
    }

    /** The first 7 characters of a commit SHA or digest; other revisions (chart versions) stay whole. */
    static String shortRevision(String revision) {
        String hex = revision.startsWith("sha256:") ? revision.substring("sha256:".length()) : revision;
        return HEX.matcher(hex).matches() ? hex.substring(0, 7) : revision;
    }

    private static Optional<Sourced> env(ContextInputs in, String name) {
        return Optional.ofNullable(in.env().get(name)).filter(v -> !v.isEmpty()).map(v -> new Sourced(v, "env " + name));
    }
}
