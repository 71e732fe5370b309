package dev.synchook.webhook;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** serve with synchook.webhook.trust-payload=true, and one route that stays strict (trustPayload: false). */
public class TrustingConfigResource implements QuarkusTestResourceLifecycleManager {

    static final String TOKEN = "trusting-token-3b7e";

    private Path routes;

    @Override
    public Map<String, String> start() {
        try {
            routes = Files.createTempFile("synchook-routes", ".yaml");
            Files.writeString(routes, """
                    routes:
                      - apps: ["strict-*"]
                        pipeline: build-and-deploy
                        trustPayload: false
                      - apps: ["*"]
                        pipeline: build-and-deploy
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "synchook.webhook.token", TOKEN,
                "synchook.webhook.trust-payload", "true",
                "synchook.routes", routes.toString(),
                "synchook.namespace", "synchook-trusting-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    public void stop() {
        try {
            Files.deleteIfExists(routes);
        } catch (IOException e) {
            // a temp file
        }
    }
}
