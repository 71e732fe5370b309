package dev.synchook.tekton;

import dev.synchook.ExitCode;
import java.util.List;

/**
 * How a wait ended. {@code result} is Succeeded, Failed, Cancelled (by Tekton or a user), TimedOut
 * (synchook's deadline) or Terminated (SIGTERM while waiting).
 */
public record WaitResult(String result, String reason, String message, List<String> failedTasks, Long durationSeconds,
        ExitCode exitCode) {

    public WaitResult {
        failedTasks = List.copyOf(failedTasks);
    }
}
