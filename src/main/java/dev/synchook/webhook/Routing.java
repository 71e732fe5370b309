package dev.synchook.webhook;

import dev.synchook.SynchookException;
import dev.synchook.context.ContextKey;
import dev.synchook.context.Discovery;
import dev.synchook.context.Sourced;
import dev.synchook.context.SyncContext;
import dev.synchook.context.SyncPhase;
import dev.synchook.plan.DiscoverySettings;
import dev.synchook.plan.RunPlanner;
import dev.synchook.plan.RunSettings;
import dev.synchook.plan.SettingSource;
import dev.synchook.render.PipelineRunRenderer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * Chooses what runs for an application. The settings are {@code trigger}'s own ({@code synchook.pipeline},
 * {@code synchook.param}, {@code synchook.config}, ..., read by the same {@link RunSettings}); the routes
 * file, when given, decides which applications run at all and adds its layer per route.
 */
@ApplicationScoped
public class Routing {

    @Inject
    Config config;

    private volatile Loaded loaded;

    /** The settings and routes in force. */
    record Loaded(RunSettings settings, Discovery discovery, Optional<List<Route>> routes, Optional<Sourced> namespace) {

        /** Values a route looks at beyond the sync's identity. */
        Set<ContextKey> choiceNeeds() {
            boolean byProject = routes.stream().flatMap(List::stream).anyMatch(r -> !r.projects().isEmpty());
            return byProject ? EnumSet.of(ContextKey.APP_PROJECT) : Set.of();
        }

        /** The first route that takes this sync, if any. */
        Optional<Route> route(SyncContext identity) {
            String app = identity.value(ContextKey.APP_NAME).orElse("");
            Optional<String> project = identity.value(ContextKey.APP_PROJECT);
            if (routes.isEmpty()) {
                return settings.runsSomething() ? Optional.of(Route.everything()) : Optional.empty();
            }
            return routes.get().stream().filter(r -> r.matches(app, project, identity.phase())).findFirst();
        }

        /** What runs for a route: the settings' request with the route's layer, namespace and discovery choices. */
        RunPlanner.Choice choice(Route route, SyncPhase phase) {
            Map<ContextKey, Sourced> explicit = route.namespace()
                    .map(ns -> new Sourced(ns, route.where() + ".namespace")).or(() -> namespace)
                    .map(ns -> Map.of(ContextKey.NAMESPACE, ns)).orElse(Map.of());
            return new RunPlanner.Choice(settings.requestFor(phase, route.layer()), settings, explicit,
                    Optional.of(route.discovery().apply(discovery)));
        }

        /** Why {@link #route} found nothing, for the {@code ignored} answer. */
        String noRouteReason(SyncContext identity) {
            if (routes.isEmpty()) {
                return "no routes file and nothing to run (synchook.pipeline, synchook.template, synchook.config)";
            }
            return "no route matches application " + identity.value(ContextKey.APP_NAME).orElse("")
                    + identity.value(ContextKey.APP_PROJECT).map(p -> " in project " + p).orElse("") + " for " + identity.phase();
        }
    }

    /**
     * Reads and checks the settings, the routes file and what each route runs in each phase; {@code serve}
     * calls it before it answers, so that a mistake stops it with exit 2 instead of failing the first delivery.
     */
    public Loaded load() {
        SettingSource settings = SettingSource.ofConfig(config);
        Loaded next = new Loaded(RunSettings.read(settings), DiscoverySettings.read(settings),
                settings.value("routes").map(Path::of).map(RoutesFile::read),
                settings.value("namespace").map(ns -> new Sourced(ns, "config synchook.namespace")));
        PipelineRunRenderer renderer = new PipelineRunRenderer();
        for (Route route : next.routes().orElse(next.settings().runsSomething() ? List.of(Route.everything()) : List.of())) {
            for (SyncPhase phase : route.phases().isEmpty() ? List.of(SyncPhase.POST_SYNC, SyncPhase.SYNC_FAIL) : route.phases()) {
                try {
                    renderer.template(next.choice(route, phase).request());
                } catch (SynchookException e) {
                    throw new SynchookException(e.exitCode(), route.where() + " (" + phase + "): " + e.getMessage(), e.hint());
                }
            }
        }
        loaded = next;
        return next;
    }

    Loaded current() {
        Loaded current = loaded;
        return current != null ? current : load();
    }
}
