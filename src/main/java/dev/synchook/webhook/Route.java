package dev.synchook.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.context.SyncPhase;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of the routes file: which applications (name globs, optionally projects and phases) run
 * what. Unset fields fall back to the {@code synchook.*} settings; params and workspaces add to them;
 * a template (a PipelineRun with placeholders, as for {@code trigger --template}) brings its own pipeline.
 */
public record Route(List<String> apps, List<String> projects, List<SyncPhase> phases, Optional<String> pipeline,
        Optional<ObjectNode> template, Optional<String> namespace, List<String> params, List<String> workspaces, Optional<String> serviceAccount,
        Optional<String> timeout, Optional<String> prefixName, Optional<String> imageRepository) {

    public Route {
        apps = List.copyOf(apps);
        projects = List.copyOf(projects);
        phases = List.copyOf(phases);
        params = List.copyOf(params);
        workspaces = List.copyOf(workspaces);
    }

    /** The route of the {@code synchook.*} settings alone: every application. */
    static Route everything() {
        return new Route(List.of("*"), List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
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
