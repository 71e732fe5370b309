package dev.synchook.cli;

import dev.synchook.tekton.GoDurations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Go-style durations for options: {@code 15m}, {@code 1h30m}, {@code 90s}. */
public class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return GoDurations.parse(value).filter(d -> !d.isNegative())
                .orElseThrow(() -> new TypeConversionException("\"" + value + "\" is not a duration; write e.g. 90s, 15m or 1h30m"));
    }
}
