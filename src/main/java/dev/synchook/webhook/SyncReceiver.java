package dev.synchook.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.context.ContextInputs;
import dev.synchook.context.ContextKey;
import dev.synchook.context.ImageRef;
import dev.synchook.context.Sourced;
import dev.synchook.context.SyncContext;
import dev.synchook.context.SyncContextResolver;
import dev.synchook.context.SyncPhase;
import dev.synchook.kube.ApiRetry;
import dev.synchook.kube.RetrySettings;
import dev.synchook.render.PipelineRunRenderer;
import dev.synchook.tekton.CreatedRun;
import dev.synchook.tekton.TektonRuns;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One notification to one run: read the payload, fill gaps from the Application, route, render as
 * {@code trigger} does, create exactly once.
 */
@ApplicationScoped
public class SyncReceiver {

    private static final Logger LOG = Logger.getLogger(SyncReceiver.class);
    /** What every run needs: its name is hash(app, phase, operation, revision) like trigger's. */
    private static final Set<ContextKey> REQUIRED = EnumSet.of(ContextKey.APP_NAME, ContextKey.PHASE, ContextKey.OPERATION_ID,
            ContextKey.REVISION);
    /** Part of the run name: worth an Application read, though a run can do without it. */
    private static final Set<ContextKey> WANTED = EnumSet.of(ContextKey.APP_NAMESPACE);

    /** The HTTP status and the answer. */
    public record Result(int status, SyncAnswer answer) {
    }

    @Inject
    Routing routing;

    @Inject
    ApplicationLookup lookup;

    @Inject
    WebhookSettings settings;

    @Inject
    KubernetesClient client;

    @Inject
    RetrySettings retry;

    @Inject
    WebhookMetrics metrics;

    private final PipelineRunRenderer renderer = new PipelineRunRenderer();
    private final SyncContextResolver resolver = new SyncContextResolver();
    private final InFlight inFlight = new InFlight();

    public Result receive(JsonNode payload) {
        SyncNotice notice = NoticeReader.read(payload, "payload");
        if (notice.value(ContextKey.APP_NAME).isEmpty()) {
            throw WebhookException.invalid("app.name", "is missing");
        }
        resolver.resolve(ContextInputs.of(notice.values(), Map.of())); // bad values are 400 even for an app no route takes
        boolean discovered = false;
        if (!notice.values().keySet().containsAll(REQUIRED) || !notice.values().keySet().containsAll(WANTED)) {
            notice = discover(notice);
            discovered = true;
        }
        SyncPhase phase = SyncPhase.find(notice.value(ContextKey.PHASE).orElseThrow(() -> missing(ContextKey.PHASE))).orElseThrow();
        Optional<String> project = notice.value(ContextKey.APP_PROJECT);
        Optional<RunPlan> plan = routing.plan(notice.app(), project, phase);
        if (plan.isEmpty()) {
            metrics.run("ignored");
            LOG.infof("app %s revision %s phase %s: ignored", notice.app(), notice.value(ContextKey.REVISION).orElse("-"), phase);
            return new Result(202, SyncAnswer.ignored(notice.app(), phase.argoName(), routing.noRouteReason(notice.app(), project, phase)));
        }
        SyncContext context = context(notice, plan.get(), discovered);
        // Placeholders the run uses, after derivation (image_tag from the image, ...): only a real gap costs a read.
        if (!discovered && !context.values().keySet().containsAll(renderer.requiredKeys(plan.get().request()))) {
            notice = discover(notice);
            discovered = true;
            context = context(notice, plan.get(), discovered);
        }
        for (ContextKey key : REQUIRED) {
            if (notice.value(key).isEmpty()) {
                throw missing(key);
            }
        }
        ObjectNode run = renderer.render(plan.get().request(), context);
        CreatedRun created = create(run);
        String revision = context.value(ContextKey.REVISION).orElse("");
        metrics.run(created.outcome());
        LOG.infof("app %s revision %s phase %s: %s", notice.app(), revision, phase, created.outcome());
        return new Result(created.created() ? 201 : 200, new SyncAnswer(created.outcome(), created.name(), created.namespace(),
                created.uid(), notice.app(), revision, phase.argoName(), null, null, null));
    }

    private SyncContext context(SyncNotice notice, RunPlan plan, boolean discovered) {
        Map<ContextKey, Sourced> values = new EnumMap<>(ContextKey.class);
        values.putAll(notice.values());
        values.put(ContextKey.NAMESPACE, new Sourced(plan.namespace(), "route or synchook.namespace"));
        chooseImage(notice.images(), plan.imageRepository()).ifPresent(i -> values.put(ContextKey.IMAGE, i));
        SyncContext resolved = resolver.resolve(ContextInputs.of(values, Map.of()));
        // Say where a missing value was looked for: the payload field, and the Application if it was read.
        Map<ContextKey, String> unresolved = new EnumMap<>(ContextKey.class);
        for (ContextKey key : ContextKey.values()) {
            if (!resolved.values().containsKey(key)) {
                unresolved.put(key, "payload " + SyncNotice.FIELDS.getOrDefault(key, key.displayName()) + " absent"
                        + (discovered ? "; not in the Application either" : settings.discover() ? "" : "; discovery is off"));
            }
        }
        return new SyncContext(resolved.values(), unresolved);
    }

    /** The image of the route's repository; else the app's only image. */
    static Optional<Sourced> chooseImage(List<String> images, Optional<String> repository) {
        for (int i = 0; i < images.size(); i++) {
            if (repository.isPresent() ? ImageRef.parse(images.get(i)).hasRepository(repository.get()) : images.size() == 1) {
                return Optional.of(new Sourced(images.get(i), "payload images[" + i + "]"));
            }
        }
        return Optional.empty();
    }

    private SyncNotice discover(SyncNotice notice) {
        if (!settings.discover()) {
            return notice;
        }
        String namespace = notice.applicationNamespace().orElse(settings.applicationNamespace());
        String origin = "application " + namespace + "/" + notice.app();
        return lookup.find(namespace, notice.app()).map(app -> {
            SyncNotice found = NoticeReader.read(ApplicationPayload.of(app), origin);
            // The Application may have synced again since: its results then belong to another operation.
            Optional<String> notified = notice.value(ContextKey.OPERATION_ID);
            if (notified.isPresent() && !notified.equals(found.value(ContextKey.OPERATION_ID))) {
                found = found.withoutOperation();
            }
            return notice.orElse(found);
        }).orElse(notice);
    }

    private CreatedRun create(ObjectNode run) {
        String key = run.path("metadata").path("namespace").asText() + "/" + run.path("metadata").path("name").asText();
        long start = System.nanoTime();
        try {
            return inFlight.createOnce(key, () -> new TektonRuns(client, new ApiRetry(retry.policy())).createOnce(run));
        } finally {
            metrics.createTook(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private WebhookException missing(ContextKey key) {
        String field = SyncNotice.FIELDS.get(key);
        return WebhookException.invalid(field, "is missing" + (settings.discover() ? " and the Application does not give it" : ""));
    }
}
