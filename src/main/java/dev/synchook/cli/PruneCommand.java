package dev.synchook.cli;

import dev.synchook.SynchookException;
import dev.synchook.context.SyncPhase;
import dev.synchook.render.KubeNames;
import dev.synchook.render.Yaml;
import dev.synchook.tekton.RunPruner;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Delete all but the newest finished PipelineRuns synchook made for one app and phase.")
public class PruneCommand implements Callable<Integer>, Cli.Summarised {

    @Spec
    CommandSpec spec;

    @Option(names = "--app", paramLabel = "NAME", required = true, description = "The Argo CD application.")
    String app;

    @Option(names = "--phase", paramLabel = "PHASE", defaultValue = "PostSync", description = "The hook phase (default: ${DEFAULT-VALUE}).")
    String phase;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Namespace of the runs (synchook.namespace, SYNCHOOK_NAMESPACE); default: the pod's, else the kubeconfig's.")
    String namespace;

    @Mixin
    PruneOptions prune;

    @Mixin
    ConnectionOptions connections;

    @Inject
    CommandInputs inputs;

    @Inject
    Waiting waiting;

    @Override
    public Integer call() {
        RunPruner.Policy policy = prune.policy();
        if (!policy.enabled()) {
            throw SynchookException.badInput("--keep", null, "is not set", "pass --keep N and/or --keep-since DURATION");
        }
        SyncPhase hookPhase = SyncPhase.parse("--phase", phase);
        String ns = inputs.runNamespace(namespace);
        // The labels RunIdentity puts on every run of this app and phase.
        Map<String, String> selector = RunPruner.siblings(KubeNames.safeLabelValue(app), hookPhase.lowerName());
        RunPruner.Result result = waiting.pruner().prune(ns, selector, policy, null);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("namespace", ns);
        summary.put("app", app);
        summary.put("phase", hookPhase.argoName());
        summary.put("pruned", result.pruned());
        summary.put("kept", result.kept());
        summary.put("running", result.running());
        summary.put("dryRun", policy.dryRun());
        print(spec, summary);
        return 0;
    }

    /** An error: the same failure summary as trigger's, on stdout only (prune writes no termination message). */
    @Override
    public void failed(CommandSpec spec, Cli.Failure failure) {
        print(spec, RunSummary.failure(failure.exitCode(), failure.message()));
    }

    private static void print(CommandSpec spec, Object summary) {
        spec.commandLine().getOut().println(Yaml.compactJson(summary));
        spec.commandLine().getOut().flush();
    }
}
