package dev.synchook.webhook;

import dev.synchook.Receiver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** What {@code serve} checks before it answers: the settings and routes, and that deliveries can be authenticated at all. */
@ApplicationScoped
public class ReceiverCheck implements Receiver {

    private static final Logger LOG = Logger.getLogger(ReceiverCheck.class);

    @Inject
    Routing routing;

    @Inject
    WebhookAuth auth;

    @Inject
    WebhookSettings settings;

    @Override
    public void check() {
        routing.load();
        if (!auth.configured()) {
            LOG.warn("no webhook token (SYNCHOOK_WEBHOOK_TOKEN, synchook.webhook.token-file) and no HMAC secret: "
                    + "every delivery is refused with 401");
        }
        if (settings.trustPayload()) {
            LOG.warn("synchook.webhook.trust-payload=true: operations the Application does not record run on the payload's word; "
                    + "a token holder can then choose the revision, repository and image (docs/webhook.md)");
        }
        if (!routing.current().discovery().enabled() && !settings.trustPayload()) {
            LOG.warn("discovery is off (synchook.discover=false): no notification can be confirmed against its Application, "
                    + "so every delivery gets 202 unconfirmed; turn discovery on or set synchook.webhook.trust-payload=true");
        }
    }
}
