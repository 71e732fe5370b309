package dev.synchook.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.context.ClusterReader;
import dev.synchook.context.KubeClusterReader;
import dev.synchook.kube.ApiRetry;
import dev.synchook.kube.RetrySettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The Application, read the way the hook's discovery reads it; needs {@code get applications} in its namespace. */
@ApplicationScoped
public class KubeApplicationLookup implements ApplicationLookup {

    private static final Logger LOG = Logger.getLogger(KubeApplicationLookup.class);

    @Inject
    KubernetesClient client;

    @Inject
    RetrySettings retry;

    @Override
    public Optional<JsonNode> find(String namespace, String name) {
        ClusterReader.Read read = new KubeClusterReader(() -> client, new ApiRetry(retry.policy())).application(namespace, name);
        if (read.object().isEmpty()) {
            // Discovery only fills gaps: without it the request fails naming the missing field.
            LOG.warnf("cannot read Application %s/%s: %s", namespace, name, read.problem());
        }
        return read.object();
    }
}
