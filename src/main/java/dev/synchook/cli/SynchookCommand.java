package dev.synchook.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code synchook} with no arguments is {@code synchook trigger}: that is how the hook Job runs it. */
@TopCommand
@Command(name = "synchook", mixinStandardHelpOptions = true, versionProvider = VersionCommand.class,
        description = "Turns an Argo CD sync into exactly one Tekton PipelineRun.",
        subcommands = {TriggerCommand.class, RenderCommand.class, ContextCommand.class, WaitCommand.class, PruneCommand.class,
                ServeCommand.class, VersionCommand.class})
public class SynchookCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return spec.subcommands().get("trigger").execute();
    }
}
