package dev.synchook.cli;

import dev.synchook.kube.Permissions;
import dev.synchook.plan.RunPlanner;
import dev.synchook.tekton.CreatedRun;
import dev.synchook.tekton.Tekton;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "trigger", mixinStandardHelpOptions = true,
        description = "Resolve the sync context, render the PipelineRun and create it exactly once (the hook's job; "
                + "the default command).")
public class TriggerCommand implements Callable<Integer>, Cli.Summarised {

    @Spec
    CommandSpec spec;

    @Mixin
    SyncOptions sync;

    @Mixin
    DiscoveryOptions discovery;

    @Mixin
    ConnectionOptions connections;

    @Mixin
    RunOptions run;

    @Mixin
    WaitOptions after;

    @Mixin
    ReportOptions report;

    @Inject
    CommandInputs inputs;

    @Inject
    Tekton tekton;

    @Inject
    Waiting waiting;

    @Override
    public Integer call() {
        // Held until the summary is out, so that SIGTERM first lets the wait cancel the run and report.
        try (ShutdownGuard.Guard guard = waiting.guard()) {
            return Cli.guarded(spec, guard, () -> {
                RunPlanner.Plan plan = inputs.plan(spec, sync);
                // nothing half-created: every request this trigger will make is allowed, or none is made
                Permissions.require(tekton.client(), tekton.retry(), waiting.needs(plan.run().path("metadata").path("namespace").asText(), after));
                CreatedRun created = tekton.runs().createOnce(plan.run());
                return report.report(spec, waiting.afterCreate(created, after, RunSummary.of(created, plan.context()), guard));
            });
        }
    }

    @Override
    public void failed(CommandSpec spec, Cli.Failure failure) {
        report.failed(spec, failure);
    }
}
