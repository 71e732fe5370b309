package dev.synchook.cli;

import dev.synchook.SynchookException;
import dev.synchook.tekton.CreatedRun;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

    @Mixin
    ReportOptions report;

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
            return report.report(spec, waiting.afterCreate(run, after, RunSummary.of(run, plan.context()), guard));
        } catch (SynchookException e) {
            throw report.failed(e);
        }
    }
}
