package dev.synchook.context;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Argo CD encodes in the name of a hook Job made from {@code generateName}:
 * {@code <generateName><revision[0:7]>-<phase>-<operationStartUnix>}. This is Argo CD's internal
 * behaviour, so parsing is defensive: any other name simply yields nothing.
 */
public record HookJobName(String generateName, Optional<String> revisionShort, SyncPhase phase, long operationStartUnix) {

    // Unix seconds have 10 digits until 2286; allow 9-11 to stay defensive.
    private static final Pattern GENERATED =
            Pattern.compile("^(?<rest>.+)-(?<phase>presync|sync|postsync|syncfail)-(?<unix>[0-9]{9,11})$");
    private static final Pattern SHORT_SHA = Pattern.compile("[0-9a-f]{7}");
    // Revisions shorter than 8 characters (Helm chart versions like 1.2.3) appear whole.
    private static final Pattern SHORT_REVISION = Pattern.compile("[0-9a-z][0-9a-z.]{0,6}");

    public static Optional<HookJobName> parse(String jobName) {
        if (jobName == null) {
            return Optional.empty();
        }
        Matcher m = GENERATED.matcher(jobName.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        SyncPhase phase = SyncPhase.find(m.group("phase")).orElseThrow();
        long unix = Long.parseLong(m.group("unix"));
        String rest = m.group("rest");
        String tail7 = rest.length() > 7 ? rest.substring(rest.length() - 7) : "";
        if (SHORT_SHA.matcher(tail7).matches()) {
            return Optional.of(new HookJobName(rest.substring(0, rest.length() - 7), Optional.of(tail7), phase, unix));
        }
        int dash = rest.lastIndexOf('-');
        String token = rest.substring(dash + 1);
        if (dash >= 0 && SHORT_REVISION.matcher(token).matches()) {
            return Optional.of(new HookJobName(rest.substring(0, dash + 1), Optional.of(token), phase, unix));
        }
        return Optional.of(new HookJobName(rest, Optional.empty(), phase, unix));
    }

    public Instant operationStart() {
        return Instant.ofEpochSecond(operationStartUnix);
    }
}
