package dev.synchook.webhook;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * serve's settings for the webhook tests: a token file (rotated by a test), an HMAC secret, a routes file,
 * limits high enough for the concurrency test, and a namespace of their own.
 */
public class WebhookConfigResource implements QuarkusTestResourceLifecycleManager {

    static final String TOKEN = "test-token-5d1c";
    static final String HMAC_SECRET = "test-hmac-secret-77a0";

    static final String APP_RATE = "100";

    static Path tokenFile;
    private Path routes;

    @Override
    public Map<String, String> start() {
        try {
            tokenFile = Files.createTempFile("synchook-token", "");
            Files.writeString(tokenFile, TOKEN + "\n");
            routes = Files.createTempFile("synchook-routes", ".yaml");
            Files.writeString(routes, """
                    routes:
                      - apps: [guestbook, "guestbook-*"]
                        pipeline: build-and-deploy
                        params: ["git-revision={{ revision }}", "image-tag={{ image_tag }}"]
                      - apps: ["shop-*"]
                        projects: [retail]
                        pipeline: shop-deploy
                        params: ["previous={{ previous_revision }}"]
                      - apps: [nightly]
                        phases: [SyncFail]
                        pipeline: notify-failure
                      - apps: ["digest-*"]
                        pipeline: verify-digest
                        params: ["digest={{ image_digest }}"]
                      - apps: ["rollback-*"]
                        template: %s
                    """.formatted(Path.of("examples/templates/rollback.yaml").toAbsolutePath()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "synchook.webhook.token-file", tokenFile.toString(),
                "synchook.webhook.app-rate", APP_RATE,
                "synchook.webhook.max-in-flight", "64",
                "synchook.webhook.hmac-secret", HMAC_SECRET,
                "synchook.routes", routes.toString(),
                "synchook.namespace", "synchook-webhook-" + UUID.randomUUID().toString().substring(0, 8),
                "synchook.param", "source=argocd-notification");
    }

    @Override
    public void stop() {
        try {
            Files.deleteIfExists(routes);
            Files.deleteIfExists(tokenFile);
        } catch (IOException e) {
            // a temp file
        }
    }
}
