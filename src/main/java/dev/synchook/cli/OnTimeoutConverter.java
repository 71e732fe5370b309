package dev.synchook.cli;

import dev.synchook.tekton.OnTimeout;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code cancel}, {@code cancel-run-finally}, {@code stop-run-finally} or {@code leave}. */
public class OnTimeoutConverter implements ITypeConverter<OnTimeout> {

    @Override
    public OnTimeout convert(String value) {
        return OnTimeout.find(value).orElseThrow(() -> new TypeConversionException(
                "\"" + value + "\" is not one of cancel, cancel-run-finally, stop-run-finally, leave"));
    }
}
