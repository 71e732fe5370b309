package dev.synchook.context;

import java.util.Objects;

/** A context value and where it came from: {@code flag --revision}, {@code env ARGOCD_APP_REVISION}, {@code job-name}. */
public record Sourced(String value, String source) {
    public Sourced {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
    }
}
