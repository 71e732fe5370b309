package dev.synchook.cli;

import dev.synchook.render.Yaml;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Where a command's JSON summary goes: the last line of stdout and the pod's termination message. */
public class ReportOptions {

    static final String DEFAULT_TERMINATION_LOG = "/dev/termination-log";

    @Option(names = "--termination-log", paramLabel = "PATH", defaultValue = DEFAULT_TERMINATION_LOG,
            description = "Where the JSON summary is also written, for the pod's status (default: ${DEFAULT-VALUE}).")
    String terminationLog;

    /** Prints the summary as the last line and writes the termination message; returns its exit code. */
    int report(CommandSpec spec, RunSummary summary) {
        String json = Yaml.compactJson(summary);
        spec.commandLine().getOut().println(json);
        spec.commandLine().getOut().flush();
        // Unset when a command-line mistake stopped parsing before defaults were applied.
        TerminationLog.write(terminationLog == null ? DEFAULT_TERMINATION_LOG : terminationLog, json);
        return summary.exitCode();
    }

    /** The failure summary as the last stdout line and the termination message, so that the pod's status says why. */
    void failed(CommandSpec spec, Cli.Failure failure) {
        report(spec, RunSummary.failure(failure.exitCode(), failure.message()));
    }
}
