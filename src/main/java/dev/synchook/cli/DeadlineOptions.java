package dev.synchook.cli;

import dev.synchook.tekton.OnTimeout;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How long to wait for a run, and what to do with it when the wait is cut short (deadline or SIGTERM). */
public class DeadlineOptions {

    @Option(names = "--wait-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up waiting after this long (e.g. 15m, 1h30m); exit 4. Keep it below the Job's activeDeadlineSeconds. Default: no limit.")
    Duration waitTimeout;

    @Option(names = "--on-timeout", paramLabel = "ACTION", converter = OnTimeoutConverter.class, defaultValue = "cancel",
            description = "What to do with the run on --wait-timeout or SIGTERM: cancel (spec.status Cancelled), cancel-run-finally, "
                    + "stop-run-finally or leave (default: ${DEFAULT-VALUE}). The run is never deleted.")
    OnTimeout onTimeout = OnTimeout.CANCEL;
}
