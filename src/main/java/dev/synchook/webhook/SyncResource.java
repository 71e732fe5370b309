package dev.synchook.webhook;

import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import dev.synchook.render.Yaml;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * {@code POST /v1/argocd/sync}: the body the Notifications template {@code synchook-sync} renders.
 * {@link WebhookGate} has already refused oversized declared bodies and wrong bearer tokens; here,
 * cheapest first and nothing reaching the cluster before the sender is authenticated: size (413),
 * signature (401, no detail), media type (415), JSON and fields (400), limits (429), then the
 * Application's record of the operation (409 or 202) and the run. Answers name the payload field and
 * the fix; anything about the receiver itself (API server messages, RBAC, exceptions) goes only to the
 * log line tagged with the answer's request id.
 */
@Path(WebhookGate.PATH)
public class SyncResource {

    private static final Logger LOG = Logger.getLogger(SyncResource.class);
    private static final Pattern PAYLOAD_FIELD = Pattern.compile("^payload (\\S+)");

    @Inject
    WebhookSettings settings;

    @Inject
    WebhookAuth auth;

    @Inject
    SyncReceiver receiver;

    @Inject
    WebhookMetrics metrics;

    @Inject
    DeliveryLimits limits;

    @Inject
    CurrentVertxRequest request;

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response sync(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(WebhookAuth.SIGNATURE_HEADER) String signature,
            @HeaderParam(WebhookAuth.TIMESTAMP_HEADER) String timestamp) {
        String requestId = request.getCurrent().get(WebhookGate.REQUEST_ID);
        byte[] raw = body == null ? new byte[0] : body;
        if (raw.length > settings.bodyLimit().asLongValue()) {
            metrics.refused("too_large");
            return answer(413, SyncAnswer.error("too_large", "body", "the body exceeds " + settings.bodyLimit().asLongValue() + " bytes"),
                    requestId);
        }
        WebhookAuth.Verdict verdict = auth.authentic(authorization, signature, timestamp, raw, Instant.now());
        if (verdict != WebhookAuth.Verdict.AUTHENTIC) {
            metrics.request("unauthorized");
            metrics.refused(verdict.reason());
            LOG.infof("[%s] refused: %s", requestId, verdict.reason());
            return Response.status(401).build();
        }
        if (!isJson(contentType)) {
            metrics.refused("unsupported");
            return answer(415, SyncAnswer.error("unsupported", "Content-Type", "send application/json"), requestId);
        }
        try {
            limits.enter();
        } catch (WebhookException e) {
            return refused(e, requestId);
        }
        try {
            JsonNode payload;
            try {
                payload = Yaml.JSON.readTree(raw);
            } catch (IOException e) {
                throw WebhookException.invalid("body", "is not valid JSON");
            }
            SyncReceiver.Result result = receiver.receive(payload, requestId);
            return answer(result.status(), result.answer(), requestId);
        } catch (WebhookException e) {
            return refused(e, requestId);
        } catch (SynchookException e) {
            return failed(e, requestId);
        } catch (KubernetesClientException e) {
            metrics.run("failed");
            LOG.warnf("[%s] Kubernetes API error: HTTP %d: %s", requestId, e.getCode(), e.getMessage());
            return answer(502, SyncAnswer.error("failed", null, "the Kubernetes API refused the receiver's request; "
                    + "the receiver's log has the detail under this request id"), requestId);
        } catch (RuntimeException e) {
            metrics.run("failed");
            LOG.errorf(e, "[%s] delivery failed", requestId);
            return answer(500, SyncAnswer.error("failed", null, "the receiver failed; its log has the detail under this request id"),
                    requestId);
        } finally {
            limits.release();
        }
    }

    private Response refused(WebhookException e, String requestId) {
        if (e.retryAfterSeconds() > 0) {
            return Response.fromResponse(answer(e.status(), SyncAnswer.error(e.outcome(), e.field(), e.getMessage()), requestId))
                    .header("Retry-After", Long.toString(e.retryAfterSeconds())).build();
        }
        if (e.status() == 400) {
            metrics.refused("invalid");
        }
        return answer(e.status(), SyncAnswer.error(e.outcome(), e.field(), e.getMessage()), requestId);
    }

    /**
     * A bad payload value (its message names the payload field) is the sender's 400; anything else that is
     * exit 2 for {@code trigger} is the receiver's configuration (a template, a route, a run the API server
     * rejects): 422 without detail. An unavailable or forbidden API server is a 503 worth retrying.
     */
    private Response failed(SynchookException e, String requestId) {
        if (e.exitCode() == ExitCode.BAD_INPUT) {
            Matcher field = PAYLOAD_FIELD.matcher(e.getMessage());
            if (field.find()) {
                metrics.refused("invalid");
                return answer(400, SyncAnswer.error("invalid", field.group(1), e.getMessage()), requestId);
            }
            metrics.run("failed");
            LOG.warnf("[%s] the receiver's configuration cannot make a run for this notification: %s", requestId, e.oneLine());
            return answer(422, SyncAnswer.error("misconfigured", null, "the receiver's configuration cannot make a run for this "
                    + "notification; its log has the detail under this request id"), requestId);
        }
        metrics.run("failed");
        LOG.warnf("[%s] cannot create the run: %s", requestId, e.oneLine());
        return Response.fromResponse(answer(503, SyncAnswer.error("failed", null, "the receiver cannot reach or is not allowed "
                + "to use the Kubernetes API; its log has the detail under this request id"), requestId))
                .header("Retry-After", "30").build();
    }

    private Response answer(int status, SyncAnswer answer, String requestId) {
        metrics.request(answer.outcome());
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(answer.withRequestId(requestId)).build();
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }
}
