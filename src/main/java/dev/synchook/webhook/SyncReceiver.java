package dev.synchook.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.context.ContextInputs;
import dev.synchook.context.ContextKey;
import dev.synchook.context.Sourced;
import dev.synchook.context.SyncContext;
import dev.synchook.kube.Connections;
import dev.synchook.kube.KubeAccess;
import dev.synchook.plan.RunPlanner;
import dev.synchook.tekton.CreatedRun;
import dev.synchook.tekton.Tekton;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * One notification to one run: the notification becomes context inputs, and from there it takes the
 * hook's own path (resolve, route, render) and is created exactly once.
 */
@ApplicationScoped
public class SyncReceiver {

    private static final Logger LOG = Logger.getLogger(SyncReceiver.class);
    /** Without these a notification names no run: its name is hash(app, phase, operation, revision), like a hook's. */
    private static final List<ContextKey> REQUIRED = List.of(ContextKey.APP_NAME, ContextKey.PHASE, ContextKey.OPERATION_ID,
            ContextKey.REVISION);

    /** The HTTP status and the answer. */
    public record Result(int status, SyncAnswer answer) {
    }

    @Inject
    Routing routing;

    @Inject
    KubeAccess kube;

    @Inject
    Tekton tekton;

    @Inject
    Connections connections;

    @Inject
    WebhookMetrics metrics;

    private final RunPlanner planner = new RunPlanner();
    private final InFlight inFlight = new InFlight();

    public Result receive(JsonNode payload) {
        Notification notice = Notification.read(payload);
        Routing.Loaded routes = routing.current();
        ContextInputs inputs = new ContextInputs(Map.of(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                ownNamespace(), notice.applicationNamespace(), Optional.of(notice.snapshot()), routes.discovery());
        AtomicReference<SyncContext> ignored = new AtomicReference<>();
        Optional<RunPlanner.Plan> plan = planner.plan(inputs, routes.discovery().enabled() ? kube.discoveryReader() : null,
                routes.choiceNeeds(), identity -> {
                    requireIdentity(identity);
                    Optional<Route> route = routes.route(identity);
                    if (route.isEmpty()) {
                        ignored.set(identity);
                    }
                    return route.map(r -> routes.choice(r, identity.phase()));
                });
        if (plan.isEmpty()) {
            SyncContext identity = ignored.get();
            metrics.run("ignored");
            LOG.infof("app %s revision %s phase %s: ignored", notice.app(), identity.value(ContextKey.REVISION).orElse("-"),
                    identity.phase());
            return new Result(202, SyncAnswer.ignored(notice.app(), identity.phase().argoName(), routes.noRouteReason(identity)));
        }
        SyncContext context = plan.get().context();
        CreatedRun created = create(plan.get().run());
        String revision = context.value(ContextKey.REVISION).orElse("");
        metrics.run(created.outcome());
        LOG.infof("app %s revision %s phase %s: %s", notice.app(), revision, context.phase(), created.outcome());
        return new Result(created.created() ? 201 : 200, new SyncAnswer(created.outcome(), created.name(), created.namespace(),
                created.uid(), notice.app(), revision, context.phase().argoName(), null, null, null));
    }

    /** A value only a default stands in for does not identify the notified operation. */
    private static void requireIdentity(SyncContext identity) {
        for (ContextKey key : REQUIRED) {
            Sourced value = identity.values().get(key);
            if (value == null || value.source().equals("default")) {
                String tried = identity.unresolved().getOrDefault(key, "");
                throw WebhookException.invalid(Notification.FIELD_OF_KEY.get(key), "is missing"
                        + (tried.contains("discovery is off") ? " (discovery is off)" : " and the Application does not give it"));
            }
        }
    }

    /** Where runs go without a route or setting saying: the receiver's own namespace. */
    private Optional<Sourced> ownNamespace() {
        if (connections.tekton().remote()) {
            // Runs go to another cluster: the receiver's own namespace means nothing there.
            return connections.tekton().kubeconfigNamespace().map(ns -> new Sourced(ns, "tekton connection kubeconfig context"));
        }
        return Optional.ofNullable(System.getenv("POD_NAMESPACE")).filter(ns -> !ns.isBlank()).map(ns -> new Sourced(ns, "env POD_NAMESPACE"))
                .or(() -> ContextInputs.serviceAccountNamespace().map(ns -> new Sourced(ns, "service account namespace")))
                .or(() -> Optional.ofNullable(tekton.client().getNamespace()).map(ns -> new Sourced(ns, "kubeconfig")));
    }

    private CreatedRun create(ObjectNode run) {
        String key = run.path("metadata").path("namespace").asText() + "/" + run.path("metadata").path("name").asText();
        long start = System.nanoTime();
        try {
            return inFlight.createOnce(key, () -> tekton.runs().createOnce(run));
        } finally {
            metrics.createTook(Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
