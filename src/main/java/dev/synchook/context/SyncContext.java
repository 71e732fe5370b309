package dev.synchook.context;

import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What was synced: every known value with its source, and for each unknown value the sources that
 * were tried, so that an error can say how to supply it; {@code refused}: the unknown values whose
 * cluster read the API server refused (RBAC, unreachable), which makes their absence exit 3.
 */
public record SyncContext(Map<ContextKey, Sourced> values, Map<ContextKey, String> unresolved, Set<ContextKey> refused,
        Optional<Confirmation> confirmation) {

    public SyncContext {
        confirmation = confirmation == null ? Optional.empty() : confirmation;
        values = Collections.unmodifiableMap(values.isEmpty() ? new EnumMap<>(ContextKey.class) : new EnumMap<>(values));
        unresolved = Collections.unmodifiableMap(unresolved.isEmpty() ? new EnumMap<>(ContextKey.class) : new EnumMap<>(unresolved));
        refused = Collections.unmodifiableSet(refused.isEmpty() ? EnumSet.noneOf(ContextKey.class) : EnumSet.copyOf(refused));
    }

    /** A context no notification had to be checked for, with no refused read. */
    public SyncContext(Map<ContextKey, Sourced> values, Map<ContextKey, String> unresolved) {
        this(values, unresolved, Set.of(), Optional.empty());
    }

    public static SyncContext of(Map<ContextKey, String> plain, String source) {
        Map<ContextKey, Sourced> values = new EnumMap<>(ContextKey.class);
        plain.forEach((k, v) -> values.put(k, new Sourced(v, source)));
        return new SyncContext(values, Map.of());
    }

    public Optional<String> value(ContextKey key) {
        return Optional.ofNullable(values.get(key)).map(Sourced::value);
    }

    /** The value, or exit 2 (exit 3 when a refused read could have supplied it) with a message naming what could have. */
    public String require(ContextKey key, String neededFor) {
        return value(key).orElseThrow(() -> missing(key, neededFor));
    }

    public SynchookException missing(ContextKey key, String neededFor) {
        String tried = unresolved.getOrDefault(key, "not set: " + key.flag() + ", " + key.synchookEnv());
        String supply = key.flag() + " or set " + key.synchookEnv() + key.argocdEnv().map(e -> " or " + e).orElse("");
        if (refused.contains(key)) {
            return new SynchookException(ExitCode.API_UNAVAILABLE,
                    neededFor + " needs " + key.displayName() + ", which has no value (" + tried + ")",
                    "grant the read named above (the Roles in manifests/rbac/ grant it), or pass " + supply);
        }
        return new SynchookException(ExitCode.BAD_INPUT,
                neededFor + " needs " + key.displayName() + ", which has no value (" + tried + ")", "pass " + supply);
    }

    public SyncPhase phase() {
        return SyncPhase.find(value(ContextKey.PHASE).orElse("")).orElse(SyncPhase.POST_SYNC);
    }
}
