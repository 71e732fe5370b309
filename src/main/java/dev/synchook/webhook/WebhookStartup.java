package dev.synchook.webhook;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** When the HTTP server runs ({@code serve}), a bad routes file or setting stops start-up instead of the first delivery. */
@ApplicationScoped
public class WebhookStartup {

    private static final Logger LOG = Logger.getLogger(WebhookStartup.class);

    @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true")
    boolean serving;

    @Inject
    Routing routing;

    @Inject
    WebhookAuth auth;

    void onStart(@Observes StartupEvent event) {
        if (!serving) {
            return;
        }
        routing.load();
        if (!auth.configured()) {
            LOG.warn("no webhook token (SYNCHOOK_WEBHOOK_TOKEN, synchook.webhook.token-file) and no HMAC secret: "
                    + "every delivery is refused with 401");
        }
    }
}
