package dev.synchook.tekton;

import dev.synchook.kube.ApiAction;
import dev.synchook.kube.ApiRetry;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events on the PipelineRun, so that {@code kubectl describe pipelinerun} tells what
 * synchook did. Events are a courtesy: any failure, a 403 included, is one warning line.
 */
public final class RunEvents {

    private static final Logger LOG = Logger.getLogger(RunEvents.class);
    static final String COMPONENT = "synchook";

    private final KubernetesClient client;
    private final ApiRetry retry;

    public RunEvents(KubernetesClient client, ApiRetry retry) {
        this.client = client;
        this.retry = retry;
    }

    /** @param reason Created, Adopted, Succeeded, Failed or Cancelled; Failed and Cancelled are warnings */
    public void emit(GenericKubernetesResource run, String reason, String message) {
        String namespace = run.getMetadata().getNamespace();
        Instant now = Instant.now();
        String type = reason.equals("Failed") || reason.equals("Cancelled") ? "Warning" : "Normal";
        Event event = new EventBuilder()
                .withNewMetadata().withNamespace(namespace)
                    .withName(run.getMetadata().getName() + "." + Long.toHexString(System.nanoTime())
                            + reason.toLowerCase(Locale.ROOT).charAt(0))
                .endMetadata()
                .withNewInvolvedObject().withApiVersion(run.getApiVersion()).withKind(run.getKind())
                    .withName(run.getMetadata().getName()).withNamespace(namespace).withUid(run.getMetadata().getUid())
                    .withResourceVersion(run.getMetadata().getResourceVersion())
                .endInvolvedObject()
                .withType(type).withReason(reason).withMessage(message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT).withReportingInstance(reportingInstance())
                .withAction(reason)
                .withFirstTimestamp(now.truncatedTo(ChronoUnit.SECONDS).toString())
                .withLastTimestamp(now.truncatedTo(ChronoUnit.SECONDS).toString())
                .withCount(1)
                .build();
        ApiAction create = ApiAction.of("create", "events", namespace);
        try {
            retry.call(create, () -> client.v1().events().inNamespace(namespace).resource(event).create());
        } catch (RuntimeException e) {
            LOG.warnf("no Event on PipelineRun %s/%s: %s", namespace, run.getMetadata().getName(),
                    e instanceof dev.synchook.SynchookException se ? se.getMessage() : String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
        }
    }

    private static String reportingInstance() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? COMPONENT : host;
    }
}
