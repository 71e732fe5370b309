package dev.synchook.plan;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where settings come from, by the name of their flag without dashes ({@code pipeline},
 * {@code param}). Both doors read their settings through one of these: the hook from its command
 * line over {@code synchook.*}/{@code SYNCHOOK_*}, the webhook from its configuration.
 */
public interface SettingSource {

    /** A single-valued setting. */
    Optional<String> value(String name);

    /** A repeatable setting: every value, the lowest-precedence first, so that a later one of the same name wins. */
    List<String> values(String name);

    /**
     * Settings held as text, as configuration holds them: a repeatable setting takes one value per line;
     * blank lines and lines starting with {@code #} are skipped, so a ConfigMap can carry comments.
     */
    static SettingSource ofText(Function<String, Optional<String>> text) {
        return new SettingSource() {
            @Override
            public Optional<String> value(String name) {
                return text.apply(name).map(String::strip).filter(v -> !v.isEmpty());
            }

            @Override
            public List<String> values(String name) {
                return text.apply(name).map(SettingSource::lines).orElse(List.of());
            }
        };
    }

    /** The {@code synchook.*} settings of a configuration (which also reads {@code SYNCHOOK_*} variables). */
    static SettingSource ofConfig(org.eclipse.microprofile.config.Config config) {
        return ofText(name -> Optional.ofNullable(config.getConfigValue("synchook." + name).getValue()));
    }

    /** The lines of a multi-line setting that hold a value. */
    static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
}
