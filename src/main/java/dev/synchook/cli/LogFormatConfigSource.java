package dev.synchook.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Logs are JSON when {@code SYNCHOOK_LOG_FORMAT=json}, or when it is unset and the process runs in a
 * pod (log collectors parse them there); text otherwise. An explicit
 * {@code quarkus.log.console.json.enabled} still wins: this source ranks below the environment.
 */
public class LogFormatConfigSource implements ConfigSource {

    static final String JSON_ENABLED = "quarkus.log.console.json.enabled";

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(JSON_ENABLED);
    }

    @Override
    public String getValue(String propertyName) {
        return JSON_ENABLED.equals(propertyName) ? Boolean.toString(jsonLogs(System.getenv())) : null;
    }

    static boolean jsonLogs(Map<String, String> env) {
        String format = env.getOrDefault("SYNCHOOK_LOG_FORMAT", "").trim().toLowerCase(Locale.ROOT);
        if (!format.isEmpty()) {
            return format.equals("json");
        }
        return env.containsKey("KUBERNETES_SERVICE_HOST");
    }

    @Override
    public int getOrdinal() {
        return 275;
    }

    @Override
    public String getName() {
        return "synchook-log-format";
    }
}
