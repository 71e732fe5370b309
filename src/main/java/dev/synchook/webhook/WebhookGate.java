package dev.synchook.webhook;

import dev.synchook.render.Yaml;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What happens to a delivery before its body is read: every request gets a request id (the
 * {@code X-Request-Id} header of every answer, and the tag of the log lines about it); a declared
 * {@code Content-Length} over the body limit is 413 and a bearer token is checked (401, no body), so
 * that an oversized or unauthenticated sender costs no buffering. A chunked body is cut off at the
 * same limit while it is read ({@code quarkus.http.limits.max-body-size}); a signed body is checked
 * once read, since its signature covers it.
 */
@ApplicationScoped
public class WebhookGate {

    public static final String REQUEST_ID = "synchook.request-id";
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    static final String PATH = "/v1/argocd/sync";
    private static final Logger LOG = Logger.getLogger(WebhookGate.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    WebhookSettings settings;

    @Inject
    WebhookAuth auth;

    @Inject
    WebhookMetrics metrics;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 10).handler(this::requestId);
        router.route(PATH).order(Integer.MIN_VALUE + 11).handler(this::gate);
    }

    private void requestId(RoutingContext rc) {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        String requestId = HexFormat.of().formatHex(id);
        rc.put(REQUEST_ID, requestId);
        rc.response().putHeader(REQUEST_ID_HEADER, requestId);
        rc.next();
    }

    private void gate(RoutingContext rc) {
        String requestId = rc.get(REQUEST_ID);
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long limit = settings.bodyLimit().asLongValue();
        if (length != null && declaredOver(length, limit)) {
            metrics.refused("too_large");
            LOG.infof("[%s] refused: Content-Length %s over the body limit %d", requestId, length, limit);
            end(rc, 413, SyncAnswer.error("too_large", "body", "the body exceeds " + limit + " bytes").withRequestId(requestId));
            return;
        }
        Optional<WebhookAuth.Verdict> verdict = auth.beforeBody(rc.request().getHeader(HttpHeaders.AUTHORIZATION),
                rc.request().getHeader(WebhookAuth.SIGNATURE_HEADER));
        if (verdict.isPresent() && verdict.get() != WebhookAuth.Verdict.AUTHENTIC) {
            unauthorized(rc, metrics, verdict.get());
            return;
        }
        rc.next();
    }

    /** 401 with no body: the reason goes to the metrics and the log only. */
    static void unauthorized(RoutingContext rc, WebhookMetrics metrics, WebhookAuth.Verdict verdict) {
        metrics.request("unauthorized");
        metrics.refused(verdict.reason());
        LOG.infof("[%s] refused: %s", rc.<String>get(REQUEST_ID), verdict.reason());
        // The connection is closed after the answer: an unread body is not drained.
        rc.response().setStatusCode(401).putHeader(HttpHeaders.CONNECTION, "close").end();
    }

    private static boolean declaredOver(String length, long limit) {
        try {
            return Long.parseLong(length.strip()) > limit;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private void end(RoutingContext rc, int status, SyncAnswer answer) {
        metrics.request(answer.outcome());
        try {
            rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close").end(Yaml.JSON.writeValueAsString(answer));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            rc.response().setStatusCode(status).end();
        }
    }
}
