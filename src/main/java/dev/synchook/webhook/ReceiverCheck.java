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

    @Override
    public void check() {
        routing.load();
        if (!auth.configured()) {
            LOG.warn("no webhook token (SYNCHOOK_WEBHOOK_TOKEN, synchook.webhook.token-file) and no HMAC secret: "
                    + "every delivery is refused with 401");
        }
    }
}
