package dev.synchook.context;

import dev.synchook.SynchookException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The Argo CD hook phases synchook runs in. */
public enum SyncPhase {
    PRE_SYNC("PreSync"),
    SYNC("Sync"),
    POST_SYNC("PostSync"),
    SYNC_FAIL("SyncFail");

    private final String argoName;

    SyncPhase(String argoName) {
        this.argoName = argoName;
    }

    /** The name Argo CD uses in the hook annotation, e.g. {@code PostSync}. */
    public String argoName() {
        return argoName;
    }

    /** The lower-case form Argo CD puts into generated hook names and synchook into labels, e.g. {@code postsync}. */
    public String lowerName() {
        return argoName.toLowerCase(Locale.ROOT);
    }

    /** Accepts {@code PostSync}, {@code postsync}, {@code post-sync} and {@code POST_SYNC}. */
    public static Optional<SyncPhase> find(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.trim().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.lowerName().equals(wanted)).findFirst();
    }

    /**
     * The hook phase a finished Argo CD operation stands for: {@code Succeeded} runs the PostSync hooks,
     * {@code Failed} and {@code Error} the SyncFail hooks; a running or terminating operation stands for none yet.
     */
    public static Optional<SyncPhase> ofOperation(String operationPhase) {
        return switch (operationPhase == null ? "" : operationPhase) {
            case "Succeeded" -> Optional.of(POST_SYNC);
            case "Failed", "Error" -> Optional.of(SYNC_FAIL);
            default -> Optional.empty();
        };
    }

    public static SyncPhase parse(String field, String text) {
        return find(text).orElseThrow(() -> SynchookException.badInput(field, text, "not a hook phase",
                "use one of PostSync, SyncFail, PreSync, Sync"));
    }

    @Override
    public String toString() {
        return argoName;
    }
}
