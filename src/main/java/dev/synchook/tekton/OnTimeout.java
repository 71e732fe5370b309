package dev.synchook.tekton;

import java.util.Optional;

/** What happens to a run synchook stops waiting for (deadline or SIGTERM): the value written to spec.status, or nothing. */
public enum OnTimeout {
    CANCEL("cancel", "Cancelled"),
    CANCEL_RUN_FINALLY("cancel-run-finally", "CancelledRunFinally"),
    STOP_RUN_FINALLY("stop-run-finally", "StoppedRunFinally"),
    LEAVE("leave", null);

    private final String flagValue;
    private final String specStatus;

    OnTimeout(String flagValue, String specStatus) {
        this.flagValue = flagValue;
        this.specStatus = specStatus;
    }

    public String flagValue() {
        return flagValue;
    }

    /** The {@code spec.status} Tekton acts on; empty for {@link #LEAVE}. */
    public Optional<String> specStatus() {
        return Optional.ofNullable(specStatus);
    }

    public static Optional<OnTimeout> find(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        for (OnTimeout value : values()) {
            if (value.flagValue.equals(wanted) || (value.specStatus != null && value.specStatus.equalsIgnoreCase(wanted))) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return flagValue;
    }
}
