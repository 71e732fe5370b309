package dev.synchook.cli;

import dev.synchook.SynchookException;
import dev.synchook.render.Yaml;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Where a command's JSON summary goes: the last line of stdout and the pod's termination message. */
public class ReportOptions {

    @Option(names = "--termination-log", paramLabel = "PATH", defaultValue = "/dev/termination-log",
            description = "Where the JSON summary is also written, for the pod's status (default: ${DEFAULT-VALUE}).")
    String terminationLog;

    /** Prints the summary as the last line and writes the termination message; returns its exit code. */
    int report(CommandSpec spec, RunSummary summary) {
        String json = Yaml.compactJson(summary);
        spec.commandLine().getOut().println(json);
        spec.commandLine().getOut().flush();
        TerminationLog.write(terminationLog, json);
        return summary.exitCode();
    }

    /** Writes the failure as the termination message, so that the pod's status says why; returns {@code e}. */
    SynchookException failed(SynchookException e) {
        TerminationLog.write(terminationLog, Yaml.compactJson(RunSummary.failure(e.exitCode().code(), e.oneLine())));
        return e;
    }
}
