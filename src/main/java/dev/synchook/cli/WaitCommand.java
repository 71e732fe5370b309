package dev.synchook.cli;

import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import dev.synchook.kube.ApiAction;
import dev.synchook.tekton.Tekton;
import dev.synchook.tekton.TektonResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "wait", mixinStandardHelpOptions = true,
        description = "Wait for an existing PipelineRun and exit with its result: 0 succeeded, 1 failed or cancelled, 4 wait deadline.")
public class WaitCommand implements Callable<Integer>, Cli.Summarised {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The PipelineRun.")
    String name;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Its namespace (synchook.namespace, SYNCHOOK_NAMESPACE); default: the pod's, else the kubeconfig's.")
    String namespace;

    @Mixin
    DeadlineOptions deadline;

    @Mixin
    ConnectionOptions connections;

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
        try (ShutdownGuard.Guard guard = waiting.guard()) {
            return Cli.guarded(spec, guard, () -> follow(guard));
        }
    }

    private int follow(ShutdownGuard.Guard guard) {
        String ns = inputs.runNamespace(namespace);
        ApiAction get = ApiAction.of("get", TektonResources.PIPELINE_RUNS, ns).named(name);
        String version = tekton.servedVersion();
        GenericKubernetesResource run = tekton.retry().call(get, () -> tekton.client()
                .genericKubernetesResources(TektonResources.pipelineRuns(version)).inNamespace(ns).withName(name).get());
        if (run == null) {
            throw new SynchookException(ExitCode.BAD_INPUT, "PipelineRun " + ns + "/" + name + " does not exist",
                    "check the name and the namespace (-n)");
        }
        RunSummary summary = waiting.follow(run, deadline, RunSummary.ofExisting(run, "waited"), guard);
        return report.report(spec, summary);
    }

    @Override
    public void failed(CommandSpec spec, Cli.Failure failure) {
        report.failed(spec, failure);
    }
}
