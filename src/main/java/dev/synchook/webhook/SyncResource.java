package dev.synchook.webhook;

import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import dev.synchook.render.Yaml;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * {@code POST /v1/argocd/sync}: the body the Notifications template {@code synchook-sync} renders.
 * Checks run cheapest first and nothing reaches the cluster before the sender is authenticated:
 * size (413), authentication (401, no detail), media type (415), JSON and fields (400).
 */
@Path("/v1/argocd/sync")
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

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response sync(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(WebhookAuth.SIGNATURE_HEADER) String signature) {
        byte[] raw = body == null ? new byte[0] : body;
        if (raw.length > settings.bodyLimit().asLongValue()) {
            return answer(413, SyncAnswer.error("too_large", "body", "the body exceeds " + settings.bodyLimit().asLongValue() + " bytes"));
        }
        if (!auth.authentic(authorization, signature, raw)) {
            metrics.request("unauthorized");
            return Response.status(401).build();
        }
        if (!isJson(contentType)) {
            return answer(415, SyncAnswer.error("unsupported", "Content-Type", "send application/json"));
        }
        try {
            JsonNode payload;
            try {
                payload = Yaml.JSON.readTree(raw);
            } catch (IOException e) {
                throw WebhookException.invalid("body", "is not valid JSON");
            }
            SyncReceiver.Result result = receiver.receive(payload);
            return answer(result.status(), result.answer());
        } catch (WebhookException e) {
            return answer(e.status(), SyncAnswer.error("invalid", e.field(), e.getMessage()));
        } catch (SynchookException e) {
            return failed(e);
        } catch (KubernetesClientException e) {
            metrics.run("failed");
            LOG.warnf("Kubernetes API error: HTTP %d", e.getCode());
            return answer(502, SyncAnswer.error("failed", null, "Kubernetes API: HTTP " + e.getCode()));
        }
    }

    /** Bad values (exit 2 for trigger) are the sender's 400; an unavailable API server is a 503 worth retrying. */
    private Response failed(SynchookException e) {
        if (e.exitCode() == ExitCode.BAD_INPUT) {
            Matcher field = PAYLOAD_FIELD.matcher(e.getMessage());
            return answer(400, SyncAnswer.error("invalid", field.find() ? field.group(1) : null, e.getMessage()));
        }
        metrics.run("failed");
        LOG.warnf("cannot create the run: %s", e.oneLine());
        return answer(503, SyncAnswer.error("failed", null, e.getMessage()));
    }

    private Response answer(int status, SyncAnswer answer) {
        metrics.request(answer.outcome());
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(answer).build();
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }
}
