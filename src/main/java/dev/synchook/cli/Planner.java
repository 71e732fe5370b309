package dev.synchook.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.context.CachingClusterReader;
import dev.synchook.context.ClusterReader;
import dev.synchook.context.ContextInputs;
import dev.synchook.context.KubeClusterReader;
import dev.synchook.context.ContextKey;
import dev.synchook.context.Sourced;
import dev.synchook.context.SyncContext;
import dev.synchook.context.SyncContextResolver;
import dev.synchook.render.PipelineRunRenderer;
import dev.synchook.render.RunRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/** Resolves the context and renders the run: the part every command shares, with no writes. */
@ApplicationScoped
public class Planner {

    private static final Logger LOG = Logger.getLogger(Planner.class);

    /** A rendered run and the context it was rendered from. */
    public record Plan(RunRequest request, SyncContext context, ObjectNode run) {
    }

    /** Named in the run, so always needed: the run's name, labels and operation. */
    private static final Set<ContextKey> ALWAYS_NEEDED = EnumSet.of(ContextKey.APP_NAME, ContextKey.REVISION, ContextKey.PHASE,
            ContextKey.OPERATION_ID);

    @Inject
    ProcessEnvironment environment;

    @Inject
    KubeAccess kube;

    private final PipelineRunRenderer renderer = new PipelineRunRenderer();
    private final SyncContextResolver resolver = new SyncContextResolver();

    /**
     * Resolves the phase first (it chooses what to run), then whatever that run's placeholders need;
     * the cluster is read at most once per object for both.
     */
    public Plan plan(RunOptions options) {
        ContextInputs inputs = inputs(options.sync);
        ClusterReader cluster = clusterReader(inputs);
        SyncContext first = resolver.resolve(inputs, ALWAYS_NEEDED, cluster);
        RunRequest request = options.requestFor(first.phase());
        Set<ContextKey> needed = EnumSet.copyOf(ALWAYS_NEEDED);
        needed.addAll(renderer.requiredKeys(request));
        SyncContext context = first.values().keySet().containsAll(needed) ? first : resolver.resolve(inputs, needed, cluster);
        ObjectNode run = options.inVersion(renderer.render(request, context));
        if (context.value(ContextKey.OPERATION_ID).isEmpty()) {
            LOG.warn("no operation identity (SYNCHOOK_JOB_NAME, SYNCHOOK_JOB_UID or --operation-id): "
                    + "the run name then only changes with the revision, so a re-sync of the same revision adopts the earlier run");
        }
        return new Plan(request, context, run);
    }

    /** Resolves, reading the cluster only while a needed value is missing. */
    public SyncContext resolve(SyncOptions sync, Set<ContextKey> needed) {
        ContextInputs inputs = inputs(sync);
        return resolver.resolve(inputs, needed, clusterReader(inputs));
    }

    private ClusterReader clusterReader(ContextInputs inputs) {
        return inputs.discovery().enabled() ? new CachingClusterReader(new KubeClusterReader(kube::client, kube.retry())) : null;
    }

    ContextInputs inputs(SyncOptions sync) {
        Map<String, String> env = environment.variables();
        Optional<Sourced> podNamespace = sync.sourced("--pod-namespace")
                .or(() -> Optional.ofNullable(env.get("POD_NAMESPACE")).filter(s -> !s.isBlank()).map(v -> new Sourced(v, "env POD_NAMESPACE")))
                .or(() -> ContextInputs.serviceAccountNamespace().map(ns -> new Sourced(ns, "service account namespace")));
        Map<ContextKey, Sourced> explicit = sync.explicitValues();
        // Reading the kubeconfig costs start-up time: only when nothing closer says where runs go.
        Optional<Sourced> clientNamespace = explicit.containsKey(ContextKey.NAMESPACE) || podNamespace.isPresent()
                ? Optional.empty() : kubeconfigNamespace();
        return new ContextInputs(explicit, env, sync.sourced("--job-name"), sync.sourced("--job-uid"),
                podNamespace, clientNamespace, sync.discovery());
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
