package dev.synchook.context;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the sync context, most explicit source first: flags and settings, Argo CD's
 * build-environment names, then what the hook Job's own name says. Every value keeps its source.
 */
public final class SyncContextResolver {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{7,}");

    public SyncContext resolve(ContextInputs in) {
        Map<ContextKey, Sourced> found = new EnumMap<>(ContextKey.class);
        Map<ContextKey, List<String>> tried = new EnumMap<>(ContextKey.class);

        // 1. explicit values: flags/settings first, then Argo CD's build-environment names
        for (ContextKey key : ContextKey.values()) {
            Sourced explicit = in.explicit().get(key);
            if (explicit == null) {
                explicit = key.argocdEnv().flatMap(name -> env(in, name)).orElse(null);
            }
            if (explicit != null) {
                ContextValues.check(key, explicit);
                found.put(key, explicit);
            } else {
                tried.computeIfAbsent(key, k -> new ArrayList<>()).add(explicitNames(key));
            }
        }

        // 2. the hook Job's generated name: phase, short revision, operation start
        Optional<HookJobName> jobName = in.jobName().flatMap(n -> HookJobName.parse(n.value()));
        if (jobName.isPresent()) {
            HookJobName job = jobName.get();
            String source = "job-name " + in.jobName().get().value();
            found.putIfAbsent(ContextKey.PHASE, new Sourced(job.phase().argoName(), source));
            // A full revision given explicitly is the better source of its own short form.
            if (!found.containsKey(ContextKey.REVISION)) {
                job.revisionShort().ifPresent(s -> found.putIfAbsent(ContextKey.REVISION_SHORT, new Sourced(s, source)));
            }
            found.putIfAbsent(ContextKey.OPERATION_ID, new Sourced(Long.toString(job.operationStartUnix()), source));
            found.putIfAbsent(ContextKey.OPERATION_STARTED_AT,
                    new Sourced(DateTimeFormatter.ISO_INSTANT.format(job.operationStart()), source));
        } else {
            String why = in.jobName().map(n -> "job-name " + n.value() + " is not Argo CD's generated form")
                    .orElse("job-name not set (SYNCHOOK_JOB_NAME)");
            for (ContextKey key : List.of(ContextKey.PHASE, ContextKey.REVISION_SHORT, ContextKey.OPERATION_ID,
                    ContextKey.OPERATION_STARTED_AT)) {
                tried.computeIfAbsent(key, k -> new ArrayList<>()).add(why);
            }
        }
        in.jobUid().ifPresent(uid -> found.putIfAbsent(ContextKey.OPERATION_ID, uid));

        derive(found, in);

        Map<ContextKey, String> unresolved = new EnumMap<>(ContextKey.class);
        tried.forEach((key, reasons) -> {
            if (!found.containsKey(key)) {
                unresolved.put(key, String.join("; ", reasons));
            }
        });
        return new SyncContext(found, unresolved);
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
        // The hook pod runs in the application's destination namespace.
        podNamespace.ifPresent(ns -> found.putIfAbsent(ContextKey.APP_NAMESPACE, ns));
        podNamespace.or(in::clientNamespace).ifPresent(ns -> found.putIfAbsent(ContextKey.NAMESPACE, ns));
        found.putIfAbsent(ContextKey.NAMESPACE, new Sourced("default", "default"));
        found.putIfAbsent(ContextKey.PHASE, new Sourced(SyncPhase.POST_SYNC.argoName(), "default"));
    }

    /** The first 7 characters of a commit SHA or digest; other revisions (chart versions) stay whole. */
    static String shortRevision(String revision) {
        String hex = revision.startsWith("sha256:") ? revision.substring("sha256:".length()) : revision;
        return HEX.matcher(hex).matches() ? hex.substring(0, 7) : revision;
    }

    private static Optional<Sourced> env(ContextInputs in, String name) {
        return Optional.ofNullable(in.env().get(name)).filter(v -> !v.isEmpty()).map(v -> new Sourced(v, "env " + name));
    }

    private static String explicitNames(ContextKey key) {
        return "not set: " + key.flag() + ", " + key.synchookEnv() + key.argocdEnv().map(e -> ", " + e).orElse("");
    }

}
