package dev.synchook.cli;

import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One setting, three spellings: an option {@code --wait-timeout} not given on the command line takes
 * its value from the setting {@code synchook.wait-timeout}, which SmallRye Config also reads from
 * the environment variable {@code SYNCHOOK_WAIT_TIMEOUT}. Repeatable options take one value per line.
 */
public final class ConfigDefaults implements IDefaultValueProvider {

    private final Config config;

    /** Settings from the application's configuration. */
    public ConfigDefaults() {
        this(null);
    }

    /** Settings from {@code config}: tests load a hook Job's environment this way. */
    public ConfigDefaults(Config config) {
        this.config = config;
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || !option.longestName().startsWith("--")) {
            return null;
        }
        Config source = config != null ? config : ConfigProvider.getConfig();
        return lookup(source, property(option.longestName())).map(ConfigValue::getValue).orElse(null);
    }

    static String property(String longName) {
        return "synchook." + longName.substring(2);
    }

    /** The config value of a setting, with the source that gave it. */
    static Optional<ConfigValue> lookup(Config config, String property) {
        ConfigValue value = config.getConfigValue(property);
        return Optional.ofNullable(value).filter(v -> v.getValue() != null && !v.getValue().isEmpty());
    }

    /** Where a setting came from, for humans: {@code env SYNCHOOK_REVISION} or {@code config synchook.revision}. */
    static Optional<String> describeSource(String property) {
        return lookup(ConfigProvider.getConfig(), property).map(v -> {
            String source = String.valueOf(v.getSourceName());
            if (source.contains("EnvConfigSource")) {
                return "env " + property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
            }
            return "config " + property;
        });
    }
}
