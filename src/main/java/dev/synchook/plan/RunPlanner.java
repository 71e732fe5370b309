package dev.synchook.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.context.ClusterReader;
import dev.synchook.context.ContextInputs;
import dev.synchook.context.ContextKey;
import dev.synchook.context.Discovery;
import dev.synchook.context.Sourced;
import dev.synchook.context.SyncContext;
import dev.synchook.context.SyncContextResolver;
import dev.synchook.render.PipelineRunRenderer;
import dev.synchook.render.RunRequest;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The one path from a sync's inputs to a rendered run, for the hook and the webhook alike: resolve
 * what identifies the sync, choose what to run for it, resolve whatever that run's placeholders
 * need (each cluster object read at most once), render. No writes.
 */
public final class RunPlanner {

    private static final Logger LOG = Logger.getLogger(RunPlanner.class);

    private final SyncContextResolver resolver = new SyncContextResolver();
    private final PipelineRunRenderer renderer = new PipelineRunRenderer();

    /** A rendered run, the request it was rendered from and the context it was rendered for. */
    public record Plan(RunRequest request, SyncContext context, ObjectNode run) {
        public Plan {
            run = run.deepCopy();
        }

        @Override
        public ObjectNode run() {
            return run.deepCopy();
        }
    }

    /**
     * What runs for a sync, chosen from its identity: the request, the tekton.dev version, and what the
     * choice adds to the inputs (a webhook route's namespace, image repository or source).
     */
    public record Choice(RunRequest request, RunSettings settings, Map<ContextKey, Sourced> explicit,
            Optional<Discovery> discovery) {
        public Choice {
            explicit = Map.copyOf(explicit);
        }

        public static Choice of(RunRequest request, RunSettings settings) {
            return new Choice(request, settings, Map.of(), Optional.empty());
        }
    }

    /**
     * @param cluster where discovery reads, or null when there is no cluster to read
     * @param choiceNeeds values the choice looks at beyond the sync's identity (a route's project)
     * @param choose what to run; empty when nothing runs for this sync
     */
    public Optional<Plan> plan(ContextInputs inputs, ClusterReader cluster, Set<ContextKey> choiceNeeds,
            Function<SyncContext, Optional<Choice>> choose) {
        ClusterReader reads = ClusterReader.once(cluster);
        Set<ContextKey> first = EnumSet.copyOf(SyncContextResolver.IDENTITY);
        first.addAll(choiceNeeds);
        Optional<Choice> chosen = choose.apply(resolver.resolve(inputs, first, reads));
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        Choice choice = chosen.get();
        ContextInputs in = inputs.withExplicit(choice.explicit());
        if (choice.discovery().isPresent()) {
            in = in.withDiscovery(choice.discovery().get());
        }
        Set<ContextKey> needed = EnumSet.copyOf(SyncContextResolver.IDENTITY);
        needed.addAll(renderer.requiredKeys(choice.request()));
        SyncContext context = resolver.resolve(in, needed, reads);
        ObjectNode run = choice.settings().inVersion(renderer.render(choice.request(), context));
        if (context.value(ContextKey.OPERATION_ID).isEmpty()) {
            LOG.warn("no operation identity (SYNCHOOK_JOB_NAME, SYNCHOOK_JOB_UID, --operation-id or the Application's "
                    + "operation): the run name then only changes with the revision, so a re-sync of the same revision adopts the earlier run");
        }
        return Optional.of(new Plan(choice.request(), context, run));
    }

    /** Resolves every value, for {@code context}: reading the cluster only while one is missing. */
    public SyncContext resolveAll(ContextInputs inputs, ClusterReader cluster) {
        return resolver.resolve(inputs, EnumSet.allOf(ContextKey.class), ClusterReader.once(cluster));
    }
}
