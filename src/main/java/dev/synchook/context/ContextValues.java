package dev.synchook.context;

import dev.synchook.SynchookException;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a value before it is used; awkward but harmless values (quotes, {@code : }, {@code #}) pass. */
final class ContextValues {

    private static final Set<ContextKey> NO_WHITESPACE = EnumSet.of(ContextKey.REVISION, ContextKey.REVISION_SHORT,
            ContextKey.APP_NAME, ContextKey.APP_NAMESPACE, ContextKey.IMAGE, ContextKey.IMAGE_TAG,
            ContextKey.IMAGE_DIGEST, ContextKey.OPERATION_ID, ContextKey.PREVIOUS_REVISION, ContextKey.NAMESPACE);
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private ContextValues() {
    }

    static void check(ContextKey key, Sourced sourced) {
        String value = sourced.value();
        String field = sourced.source().replaceFirst("^(flag|env|config) ", "");
        if (value.isEmpty()) {
            throw SynchookException.badInput(field, value, "is empty", "give " + key.displayName() + " a value or leave it unset");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\t') {
                throw SynchookException.badInput(field, value, "contains a control character",
                        "remove newlines and control characters from " + key.displayName());
            }
            if (NO_WHITESPACE.contains(key) && Character.isWhitespace(c)) {
                throw SynchookException.badInput(field, value, "contains whitespace",
                        "give " + key.displayName() + " as a single token (a commit SHA, chart version or digest)");
            }
        }
        if (key == ContextKey.NAMESPACE && !DNS_LABEL.matcher(value).matches()) {
            throw SynchookException.badInput(field, value, "is not a valid namespace name",
                    "use lower-case letters, digits and '-', at most 63 characters");
        }
        if (key == ContextKey.PHASE) {
            SyncPhase.parse(field, value);
        }
    }
}
