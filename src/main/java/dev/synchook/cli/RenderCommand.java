package dev.synchook.cli;

import dev.synchook.plan.RunPlanner;
import dev.synchook.render.Yaml;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Resolve the sync context and print the PipelineRun that trigger would create; writes nothing, needs no cluster.")
public class RenderCommand implements Callable<Integer> {

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
    OutputOption output;

    @Inject
    CommandInputs inputs;

    @Override
    public Integer call() {
        RunPlanner.Plan plan = inputs.plan(spec, sync);
        spec.commandLine().getOut().print(output.format == OutputOption.Format.json ? Yaml.prettyJson(plan.run()) : Yaml.yaml(plan.run()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
