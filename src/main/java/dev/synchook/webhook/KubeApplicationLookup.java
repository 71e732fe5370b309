package dev.synchook.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.kube.ApiAction;
import dev.synchook.kube.ApiRetry;
import dev.synchook.kube.RetrySettings;
import dev.synchook.render.Yaml;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/** One GET of the {@code argoproj.io/v1alpha1} Application; needs {@code get applications} in its namespace. */
@ApplicationScoped
public class KubeApplicationLookup implements ApplicationLookup {

    private static final Logger LOG = Logger.getLogger(KubeApplicationLookup.class);
    // Addressed without API discovery, like the Tekton resources.
    private static final ResourceDefinitionContext APPLICATIONS = new ResourceDefinitionContext.Builder()
            .withGroup("argoproj.io").withVersion("v1alpha1").withKind("Application").withPlural("applications")
            .withNamespaced(true).build();

    @Inject
    KubernetesClient client;

    @Inject
    RetrySettings retry;

    @Override
    public Optional<JsonNode> find(String namespace, String name) {
        ApiAction get = ApiAction.of("get", "applications.argoproj.io", namespace).named(name);
        try {
            GenericKubernetesResource app = new ApiRetry(retry.policy()).call(get,
                    () -> client.genericKubernetesResources(APPLICATIONS).inNamespace(namespace).withName(name).get());
            return Optional.ofNullable(app).map(a -> Yaml.JSON.valueToTree(a));
        } catch (RuntimeException e) {
            // Discovery only fills gaps: without it the request fails naming the missing field.
            LOG.warnf("cannot read Application %s/%s: %s", namespace, name,
                    e instanceof KubernetesClientException ke ? "HTTP " + ke.getCode() : e.getMessage());
            return Optional.empty();
        }
    }
}
