package dev.synchook.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import dev.synchook.context.Confirmation;
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

    @Inject
    WebhookSettings settings;

    @Inject
    DeliveryLimits limits;

    private final RunPlanner planner = new RunPlanner();
    private final InFlight inFlight = new InFlight();

    /** @param requestId names the delivery in the log lines that hold what the answer leaves out */
    public Result receive(JsonNode payload, String requestId) {
        Notification notice = Notification.read(payload);
        limits.admit(notice.app(), java.time.Instant.now());
        Routing.Loaded routes = routing.current();
        ContextInputs inputs = new ContextInputs(Map.of(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                ownNamespace(), notice.applicationNamespace(), Optional.of(notice.snapshot()), routes.discovery());
        AtomicReference<SyncContext> ignored = new AtomicReference<>();
        AtomicReference<Route> routed = new AtomicReference<>();
        Optional<RunPlanner.Plan> plan = planner.plan(inputs, routes.discovery().enabled() ? kube.discoveryReader() : null,
                routes.choiceNeeds(), identity -> {
                    requireIdentity(identity);
                    requireConfirmed(identity, notice, requestId, settings.trustPayload());
                    Optional<Route> route = routes.route(identity);
                    if (route.isEmpty()) {
                        ignored.set(identity);
                    }
                    route.ifPresent(routed::set);
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
        // A route may choose another source or image, and may refuse to trust the payload: checked again.
        requireConfirmed(context, notice, requestId, settings.trustPayload() && routed.get().mayTrustPayload());
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
            if (value == null && identity.refused().contains(key)) {
                // the Application read that would give it was forbidden or unreachable: the API server's 503, not the sender's 400
                throw identity.missing(key, "the notification");
            }
            if (value == null || value.source().equals("default")) {
                String tried = identity.unresolved().getOrDefault(key, "");
                throw WebhookException.invalid(Notification.FIELD_OF_KEY.get(key), "is missing"
                        + (tried.contains("discovery is off") ? " (discovery is off)" : " and the Application does not give it"));
            }
        }
    }

    /**
     * The payload is not the authority: the Application's record of the operation is. A contradiction is
     * refused (409), an operation the Application does not record is not acted on (202) unless
     * {@code synchook.webhook.trust-payload=true}, and an Application that cannot be read stops the
     * delivery (503, worth retrying once RBAC or the API server is fixed). The answer names the field;
     * the log line with the request id holds the values.
     */
    private void requireConfirmed(SyncContext context, Notification notice, String requestId, boolean trustPayload) {
        Confirmation confirmation = context.confirmation()
                .orElse(new Confirmation(Confirmation.Outcome.NOT_CHECKED, "no Application check", java.util.List.of()));
        switch (confirmation.outcome()) {
            case CONFIRMED -> LOG.debugf("[%s] app %s: confirmed by %s", requestId, notice.app(), confirmation.record());
            case DISAGREES -> {
                metrics.refused("disagreement");
                confirmation.disagreements().forEach(d -> LOG.warnf("[%s] app %s: refused, %s says %s but %s records %s", requestId,
                        notice.app(), Notification.fieldOf(d.path()), SynchookException.quote(d.claimed()), d.actualPath(),
                        SynchookException.quote(d.actual())));
                String field = Notification.fieldOf(confirmation.disagreements().get(0).path());
                throw WebhookException.disagreement(field, field + " does not match Argo CD's record of this operation in the "
                        + "Application; nothing was created (send the notification Argo CD rendered, unchanged)");
            }
            case UNCONFIRMED, NOT_CHECKED -> {
                if (trustPayload) {
                    LOG.warnf("[%s] app %s: the Application does not confirm the operation (%s); synchook.webhook.trust-payload=true, "
                            + "the payload is used as given", requestId, notice.app(), confirmation.record());
                    return;
                }
                metrics.refused("unconfirmed");
                LOG.warnf("[%s] app %s: not run, the Application does not confirm the operation (%s)", requestId, notice.app(),
                        confirmation.record());
                throw WebhookException.unconfirmed(confirmation.outcome() == Confirmation.Outcome.NOT_CHECKED
                        ? "the receiver does not read Applications (discovery is off), so it cannot confirm the operation; "
                                + "nothing was created (turn discovery on, or set synchook.webhook.trust-payload=true)"
                        : "the Application records no operation with this operation.startedAt (neither current nor in its history); "
                                + "nothing was created");
            }
            case UNREADABLE -> {
                metrics.refused("application_unreadable");
                throw new SynchookException(ExitCode.API_UNAVAILABLE, "cannot read the Application to confirm the notification: "
                        + confirmation.record(), "grant the receiver's ServiceAccount get on applications.argoproj.io in the "
                        + "Application's namespace (manifests/webhook/rbac.yaml, Role synchook-webhook-applications)");
            }
        }
    }

    /** Where runs go without a route or setting saying: the receiver's own namespace. */
    private Optional<Sourced> ownNamespace() {
        if (connections.tekton().remote()) {
            // Runs go to another cluster: the receiver's own namespace means nothing there.
            return connections.tekton().kubeconfigNamespace().map(ns -> new Sourced(ns, "tekton connection kubeconfig context"));
        }
        return ContextInputs.podNamespace(System.getenv())
                .or(() -> Optional.ofNullable(tekton.client().getNamespace()).map(ns -> new Sourced(ns, "kubeconfig")));
    }

    private CreatedRun create(ObjectNode run) {
        String key = run.path("metadata").path("namespace").asText() + "/" + run.path("metadata").path("name").asText();
        long start = System.nanoTime();
        try {
            return inFlight.createOnce(key, settings.duplicateWait(), () -> tekton.runs().createOnce(run));
        } finally {
            metrics.createTook(Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
