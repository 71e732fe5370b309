package dev.synchook.tekton;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Go and Tekton write them: {@code 90s}, {@code 15m}, {@code 1h30m}, {@code 1.5h}, {@code 250ms}. */
public final class GoDurations {

    private static final Pattern WHOLE = Pattern.compile("(?:[0-9]+(?:\\.[0-9]+)?(?:ns|us|µs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");

    private GoDurations() {
    }

    public static Optional<Duration> parse(String text) {
        String value = text == null ? "" : text.trim();
        if (value.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        if (!WHOLE.matcher(value).matches()) {
            return Optional.empty();
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher m = PART.matcher(value);
        while (m.find()) {
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
        }
        return Optional.of(Duration.ofNanos(nanos.longValue()));
    }

    /** {@code 1h30m}, {@code 90s} is {@code 1m30s}, {@code 250ms}. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.toSeconds() == 0) {
            return duration.toMillis() + "ms";
        }
        StringBuilder out = new StringBuilder();
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds > 0 || out.length() == 0) {
            out.append(seconds).append('s');
        }
        return out.toString();
    }
}
