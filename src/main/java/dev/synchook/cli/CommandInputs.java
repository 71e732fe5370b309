package dev.synchook.cli;

import dev.synchook.context.ContextInputs;
import dev.synchook.context.ContextKey;
import dev.synchook.context.Sourced;
import dev.synchook.SynchookException;
import dev.synchook.kube.Connection;
import dev.synchook.kube.Connections;
import dev.synchook.kube.KubeAccess;
import dev.synchook.plan.DiscoverySettings;
import dev.synchook.plan.RunPlanner;
import dev.synchook.plan.RunSettings;
import dev.synchook.plan.SettingSource;
import dev.synchook.render.RunRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The hook's door: a command's flags, settings, environment and the pod's own Job become context
 * inputs and run settings; everything after that is the one path in {@link RunPlanner}.
 */
@ApplicationScoped
public class CommandInputs {

    @Inject
    ProcessEnvironment environment;

    @Inject
    KubeAccess kube;

    @Inject
    Connections connections;

    private final RunPlanner planner = new RunPlanner();

    /** Resolves and renders what trigger creates and render prints. */
    public RunPlanner.Plan plan(CommandSpec command, SyncOptions sync) {
        SettingSource settings = new CommandLineSettings(command);
        RunSettings run = RunSettings.read(settings);
        ContextInputs inputs = inputs(sync, settings);
        return planner.plan(inputs, cluster(inputs), Set.of(),
                identity -> Optional.of(RunPlanner.Choice.of(run.requestFor(identity.phase(), RunRequest.EMPTY), run))).orElseThrow();
    }

    /** Resolves every value, for {@code context}. */
    public dev.synchook.context.SyncContext resolveAll(CommandSpec command, SyncOptions sync) {
        ContextInputs inputs = inputs(sync, new CommandLineSettings(command));
        return planner.resolveAll(inputs, cluster(inputs));
    }

    private dev.synchook.context.ClusterReader cluster(ContextInputs inputs) {
        return inputs.discovery().enabled() ? kube.discoveryReader() : null;
    }

    ContextInputs inputs(SyncOptions sync, SettingSource settings) {
        Map<String, String> env = environment.variables();
        Optional<Sourced> podNamespace = podNamespace(sync.sourced("--pod-namespace"));
        Map<ContextKey, Sourced> explicit = sync.explicitValues();
        if (!explicit.containsKey(ContextKey.NAMESPACE) && connections.tekton().remote()) {
            // Runs go to the tekton cluster: the pod's namespace is the application's, not a namespace there.
            Connection tekton = connections.tekton();
            String namespace = tekton.kubeconfigNamespace().orElseThrow(() -> SynchookException.badInput("--namespace", null,
                    "is not set and the context of the " + tekton.describe() + " names no namespace",
                    "pass -n NAMESPACE (where runs go on that cluster) or set the namespace in that context"));
            Map<ContextKey, Sourced> withNamespace = new java.util.EnumMap<>(ContextKey.class);
            withNamespace.putAll(explicit);
            explicit = withNamespace;
            explicit.put(ContextKey.NAMESPACE, new Sourced(namespace, "tekton connection kubeconfig context"));
        }
        // Reading the kubeconfig costs start-up time: only when nothing closer says where runs go.
        Optional<Sourced> clientNamespace = explicit.containsKey(ContextKey.NAMESPACE) || podNamespace.isPresent()
                ? Optional.empty() : kubeconfigNamespace();
        return new ContextInputs(explicit, env, sync.sourced("--job-name"), sync.sourced("--job-uid"),
                podNamespace, clientNamespace, Optional.empty(), Optional.empty(), DiscoverySettings.read(settings));
    }

    /** The pod's namespace: {@code --pod-namespace} (SYNCHOOK_POD_NAMESPACE), else POD_NAMESPACE, else the service account's. */
    private Optional<Sourced> podNamespace(Optional<Sourced> flag) {
        return flag.or(() -> ContextInputs.podNamespace(environment.variables()));
    }

    /**
     * Where {@code wait} and {@code prune} look for runs, by trigger's rule for {@code {{ namespace }}}: {@code -n}
     * (SYNCHOOK_NAMESPACE), else the pod's namespace, else the kubeconfig's.
     */
    public String runNamespace(String given) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        Optional<Sourced> flag = ConfigDefaults.lookup(org.eclipse.microprofile.config.ConfigProvider.getConfig(),
                ConfigDefaults.property("--pod-namespace")).map(v -> new Sourced(v.getValue(), "SYNCHOOK_POD_NAMESPACE"));
        return podNamespace(flag).map(Sourced::value).orElseGet(() -> kube.namespaceOr(null));
    }

    /** The kubeconfig's namespace; reading the file needs no cluster. */
    private static Optional<Sourced> kubeconfigNamespace() {
        try {
            return Optional.ofNullable(io.fabric8.kubernetes.client.Config.autoConfigure(null).getNamespace())
                    .filter(ns -> !ns.isBlank()).map(ns -> new Sourced(ns, "kubeconfig"));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
