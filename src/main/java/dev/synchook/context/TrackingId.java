package dev.synchook.context;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argo CD's annotation-based tracking id, {@code <app>:<group>/<Kind>:<namespace>/<name>}, where
 * {@code <app>} is {@code <appNamespace>_<app>} for applications outside the control-plane namespace.
 */
public record TrackingId(String app, Optional<String> appNamespace, String group, String kind, String namespace, String name) {

    // Application names are DNS subdomains (no '_' and no ':'), so both split points are unambiguous.
    private static final Pattern FORM = Pattern.compile("^([^:/]+):([^/:]*)/([^:/]+):([^/]*)/(.+)$");

    public static Optional<TrackingId> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(value.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String app = m.group(1);
        Optional<String> appNamespace = Optional.empty();
        int underscore = app.indexOf('_');
        if (underscore > 0 && underscore < app.length() - 1) {
            appNamespace = Optional.of(app.substring(0, underscore));
            app = app.substring(underscore + 1);
        }
        return Optional.of(new TrackingId(app, appNamespace, m.group(2), m.group(3), m.group(4), m.group(5)));
    }
}
