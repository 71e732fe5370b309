package dev.synchook.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.render.Yaml;
import dev.synchook.tekton.TektonResources;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the API server answers and serves {@code pipelineruns.tekton.dev/v1}: one cheap discovery GET. */
@Readiness
@ApplicationScoped
public class TektonReadiness implements HealthCheck {

    static final String PATH = "/apis/" + TektonResources.GROUP + "/v1";

    @Inject
    KubernetesClient client;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("tekton-pipelineruns");
        try {
            String body = client.raw(PATH);
            if (body == null) {
                return response.down().withData("reason", PATH + " is not served").build();
            }
            for (JsonNode resource : Yaml.JSON.readTree(body).path("resources")) {
                if (resource.path("name").asText().equals("pipelineruns")) {
                    return response.up().build();
                }
            }
            return response.down().withData("reason", "pipelineruns not in " + PATH).build();
        } catch (Exception e) {
            return response.down().withData("reason", "API server unreachable (" + e.getClass().getSimpleName() + ")").build();
        }
    }
}
