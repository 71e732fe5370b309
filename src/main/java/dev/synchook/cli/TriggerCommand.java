package dev.synchook.cli;

import dev.synchook.SynchookException;
import dev.synchook.render.Yaml;
import dev.synchook.tekton.CreatedRun;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "trigger", mixinStandardHelpOptions = true,
        description = "Resolve the sync context, render the PipelineRun and create it exactly once (the hook's job; "
                + "the default command).")
public class TriggerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions options;

    @Mixin
    WaitOptions after;

    @Option(names = "--termination-log", paramLabel = "PATH", defaultValue = "/dev/termination-log",
            description = "Where the JSON summary is also written, for the pod's status (default: ${DEFAULT-VALUE}).")
    String terminationLog;

    @Inject
    Planner planner;

    @Inject
    KubeAccess kube;

    @Inject
    Waiting waiting;

    @Override
    public Integer call() {
        // Held until the summary is out, so that SIGTERM first lets the wait cancel the run and report.
        try (ShutdownGuard.Guard guard = waiting.guard()) {
            Planner.Plan plan = planner.plan(options);
            CreatedRun run = kube.tektonRuns().createOnce(plan.run());
            return report(waiting.afterCreate(run, after, RunSummary.of(run, plan.context()), guard));
        } catch (SynchookException e) {
            TerminationLog.write(terminationLog, Yaml.compactJson(RunSummary.failure(e.exitCode().code(), e.oneLine())));
            throw e;
        }
    }

    static int report(CommandSpec spec, String terminationLog, RunSummary summary) {
        String json = Yaml.compactJson(summary);
        spec.commandLine().getOut().println(json);
        spec.commandLine().getOut().flush();
        TerminationLog.write(terminationLog, json);
        return summary.exitCode();
    }

    private int report(RunSummary summary) {
        return report(spec, terminationLog, summary);
    }
}
