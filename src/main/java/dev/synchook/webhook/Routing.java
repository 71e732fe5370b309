package dev.synchook.webhook;

import dev.synchook.context.SyncPhase;
import dev.synchook.render.Param;
import dev.synchook.UserFiles;
import dev.synchook.context.ContextInputs;
import dev.synchook.render.KeyValues;
import dev.synchook.render.RunRequest;
import dev.synchook.render.RunTemplate;
import dev.synchook.render.Workspace;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

/**
 * Chooses what runs for an application. The {@code synchook.*} settings that {@code trigger} reads
 * ({@code synchook.pipeline}, {@code synchook.param}, ...) are the defaults; the routes file, when
 * given, decides which applications run at all and may override them per route.
 */
@ApplicationScoped
public class Routing {


    @Inject
    Config config;

    @Inject
    Instance<KubernetesClient> client;

    private volatile Loaded loaded;

    private record Loaded(Optional<List<Route>> routes, RunRequest defaults, Optional<String> namespace) {
    }

    /** Reads and checks the settings and the routes file; start-up calls it so that mistakes stop {@code serve} at once. */
    public void load() {
        Optional<List<Route>> routes = setting("synchook.routes").map(Path::of).map(RoutesFile::read);
        RunRequest defaults = new RunRequest(setting("synchook.template").map(f -> RunTemplate.parse(f, UserFiles.read(f))),
                setting("synchook.pipeline"), Optional.empty(), List.of(), params(lines("synchook.param")),
                workspaces(lines("synchook.workspace")), setting("synchook.service-account"), setting("synchook.timeout"),
                KeyValues.parse("--label", lines("synchook.label")), KeyValues.parse("--annotation", lines("synchook.annotation")),
                setting("synchook.prefix-name"), false);
        Loaded next = new Loaded(routes, defaults, setting("synchook.namespace"));
        routes.ifPresent(list -> list.forEach(r -> plan(next, r)));
        loaded = next;
    }

    /** The plan for an application, or a reason why nothing runs for it. */
    public Optional<RunPlan> plan(String app, Optional<String> project, SyncPhase phase) {
        Loaded current = loaded;
        if (current == null) {
            load();
            current = loaded;
        }
        if (current.routes().isEmpty()) {
            boolean runsSomething = current.defaults().pipeline().isPresent() || current.defaults().template().isPresent();
            return runsSomething ? Optional.of(plan(current, Route.everything())) : Optional.empty();
        }
        for (Route route : current.routes().get()) {
            if (route.matches(app, project, phase)) {
                return Optional.of(plan(current, route));
            }
        }
        return Optional.empty();
    }

    /** Why {@link #plan} found nothing, for the {@code ignored} answer. */
    public String noRouteReason(String app, Optional<String> project, SyncPhase phase) {
        Loaded current = loaded;
        if (current == null || current.routes().isEmpty()) {
            return "no routes file and no default pipeline or template (synchook.pipeline, synchook.template)";
        }
        return "no route matches application " + app + project.map(p -> " in project " + p).orElse("") + " for " + phase;
    }

    private RunPlan plan(Loaded base, Route route) {
        RunRequest routed = new RunRequest(route.template(), route.pipeline(), Optional.empty(), List.of(), params(route.params()),
                workspaces(route.workspaces()), route.serviceAccount(), route.timeout(), Map.of(), Map.of(), route.prefixName(), false);
        RunRequest request = base.defaults().overlay(routed);
        String namespace = route.namespace().or(base::namespace).orElseGet(this::ownNamespace);
        return new RunPlan(request, namespace, route.imageRepository());
    }

    /** Like trigger: the pod's namespace, else the kubeconfig's. */
    private String ownNamespace() {
        return Optional.ofNullable(System.getenv("POD_NAMESPACE")).filter(ns -> !ns.isBlank())
                .or(ContextInputs::serviceAccountNamespace)
                .or(() -> Optional.ofNullable(client.get().getNamespace())).orElse("default");
    }

    private Optional<String> setting(String name) {
        ConfigValue value = config.getConfigValue(name);
        return Optional.ofNullable(value.getValue()).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** Repeatable settings take one value per line, as for trigger. */
    private List<String> lines(String name) {
        return setting(name).map(v -> v.lines().map(String::strip).filter(s -> !s.isEmpty()).toList()).orElse(List.of());
    }

    private static List<Param> params(List<String> specs) {
        return specs.stream().map(Param::parse).toList();
    }

    private static List<Workspace> workspaces(List<String> specs) {
        return specs.stream().map(w -> Workspace.parse(w.strip(), UserFiles::read)).toList();
    }

}
