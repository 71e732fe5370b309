package dev.synchook.plan;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.UUID;

/** The same settings for both doors: what trigger reads from its environment is what serve reads. */
public class OnePathConfigResource implements QuarkusTestResourceLifecycleManager {

    static final String TOKEN = "one-path-token-31c9";

    @Override
    public Map<String, String> start() {
        return Map.of(
                "synchook.webhook.token", TOKEN,
                "synchook.namespace", "synchook-one-path-" + UUID.randomUUID().toString().substring(0, 8),
                "synchook.pipeline", "post-deploy-verify",
                "synchook.param", String.join("\n", "revision={{ revision }}", "revisions={{ revisions }}",
                        "short={{ revision_short }}", "app={{ app_name }}", "app-namespace={{ app_namespace }}",
                        "phase={{ phase }}", "started={{ operation_started_at }}"));
    }

    @Override
    public void stop() {
    }
}
