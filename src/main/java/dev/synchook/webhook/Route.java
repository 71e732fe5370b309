package dev.synchook.webhook;

import dev.synchook.context.Discovery;
import dev.synchook.context.SyncPhase;
import dev.synchook.render.RunRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * One entry of the routes file: which applications (name globs, optionally projects and phases) run
 * what. What to run is a layer of the same keys as a {@code --config} file, applied over the
 * {@code synchook.*} settings; a route may also say where runs go and which image or source counts.
 *
 * @param where the route's place in its file, for messages
 * @param layer what to run, over the settings
 * @param namespace where the runs go, over {@code synchook.namespace}
 * @param discovery what the route changes in discovery's choices (image, multi-source source)
 * @param mayTrustPayload false when the route refuses unconfirmed operations even with
 *        {@code synchook.webhook.trust-payload=true} ({@code trustPayload: false}): a route may be stricter, never looser
 */
public record Route(String where, List<String> apps, List<String> projects, List<SyncPhase> phases, RunRequest layer,
        Optional<String> namespace, UnaryOperator<Discovery> discovery, boolean mayTrustPayload) {

    public Route {
        apps = List.copyOf(apps);
        projects = List.copyOf(projects);
        phases = List.copyOf(phases);
    }

    /** The route of the {@code synchook.*} settings alone: every application. */
    static Route everything() {
        return new Route("synchook.* settings", List.of("*"), List.of(), List.of(), RunRequest.EMPTY, Optional.empty(),
                UnaryOperator.identity(), true);
    }

    boolean matches(String app, Optional<String> project, SyncPhase phase) {
        return apps.stream().anyMatch(glob -> glob(glob).matcher(app).matches())
                && (projects.isEmpty() || project.filter(p -> projects.stream().anyMatch(g -> glob(g).matcher(p).matches())).isPresent())
                && (phases.isEmpty() || phases.contains(phase));
    }

    /** {@code *} any run of characters, {@code ?} one character; everything else literal. */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("(?<=[*?])|(?=[*?])")) {
            regex.append(switch (part) {
                case "*" -> ".*";
                case "?" -> ".";
                default -> Pattern.quote(part);
            });
        }
        return Pattern.compile(regex.toString());
    }
}
