package dev.synchook.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.render.Yaml;
import dev.synchook.tekton.Tekton;
import dev.synchook.tekton.TektonResources;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the API server answers and serves pipelineruns in the version this process creates them in
 * (v1, or v1beta1 where nothing newer is served): one cheap discovery GET per probe.
 */
@Readiness
@ApplicationScoped
public class TektonReadiness implements HealthCheck {

    @Inject
    Tekton tekton;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("tekton-pipelineruns");
        try {
            String version = tekton.servedVersion();
            String path = "/apis/" + TektonResources.GROUP + "/" + version;
            String body = tekton.client().raw(path);
            if (body == null) {
                return response.down().withData("reason", path + " is not served").build();
            }
            for (JsonNode resource : Yaml.JSON.readTree(body).path("resources")) {
                if (resource.path("name").asText().equals("pipelineruns")) {
                    return response.up().withData("version", version).build();
                }
            }
            return response.down().withData("reason", "pipelineruns not in " + path).build();
        } catch (Exception e) {
            return response.down().withData("reason", "API server unreachable or Tekton not served (" + e.getClass().getSimpleName() + ")")
                    .build();
        }
    }
}
