package dev.synchook;

/** The documented process exit codes (README "Exit codes"). */
public enum ExitCode {
    /** Done; when waiting, the PipelineRun succeeded. */
    OK(0),
    /** The PipelineRun failed or was cancelled. */
    RUN_FAILED(1),
    /** Bad input or configuration, including a run the API server rejected as invalid; nothing was created. */
    BAD_INPUT(2),
    /** Kubernetes API forbidden, or unreachable after retries. */
    API_UNAVAILABLE(3),
    /** The wait deadline passed. */
    DEADLINE(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
