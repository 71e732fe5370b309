package dev.synchook.plan;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Settings that shape runs in every way trigger knows: a route with a resolver pipeline, a --config
 * file with phases, an on-syncfail template. serve and the in-process trigger read the same ones.
 */
public class ServeAsTriggerConfigResource implements QuarkusTestResourceLifecycleManager {

    static final String TOKEN = "serve-as-trigger-7a1f";
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("synchook-serve-as-trigger");
            Files.writeString(dir.resolve("routes.yaml"), """
                    routes:
                      - apps: ["resolver-*"]
                        pipelineResolver: git
                        pipelineParams: ["url=https://github.com/acme/pipelines.git", "revision=main", "pathInRepo=verify.yaml"]
                        params: ["commit={{ revision }}"]
                        labels: {route: resolver}
                    """);
            Files.writeString(dir.resolve("config.yaml"), """
                    params: {app: "{{ app_name }}"}
                    phases:
                      PostSync:
                        timeout: 15m
                        annotations: {gate: smoke}
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "synchook.webhook.token", TOKEN,
                "synchook.namespace", "synchook-serve-as-trigger-" + UUID.randomUUID().toString().substring(0, 8),
                "synchook.routes", dir.resolve("routes.yaml").toString(),
                "synchook.config", dir.resolve("config.yaml").toString(),
                "synchook.on-syncfail-template", Path.of("examples/templates/rollback.yaml").toAbsolutePath().toString());
    }

    @Override
    public void stop() {
    }
}
