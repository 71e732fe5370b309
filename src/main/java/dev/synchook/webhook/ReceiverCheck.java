package dev.synchook.webhook;

import dev.synchook.Receiver;
import dev.synchook.kube.Connection;
import dev.synchook.kube.Connections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * What {@code serve} checks before it answers: the settings and routes, the kubeconfigs of remote connections,
 * and that deliveries can be authenticated at all.
 */
@ApplicationScoped
public class ReceiverCheck implements Receiver {

    private static final Logger LOG = Logger.getLogger(ReceiverCheck.class);

    @Inject
    Routing routing;

    @Inject
    WebhookAuth auth;

    @Inject
    Connections connections;

    @Inject
    WebhookSettings settings;

    @Override
    public void check() {
        routing.load();
        // A remote connection's kubeconfig is read now: a missing or unusable one is exit 2 at start, not a failed delivery.
        for (Connection connection : List.of(connections.argocd(), connections.tekton())) {
            if (connection.remote()) {
                connection.client();
                LOG.infof("%s", connection.describe());
            }
        }
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
