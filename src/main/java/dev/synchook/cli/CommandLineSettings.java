package dev.synchook.cli;

import dev.synchook.plan.SettingSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * A command's settings: a flag given on the command line over its {@code synchook.*} setting (and so
 * over {@code SYNCHOOK_*}). A repeatable flag adds its values after the setting's lines, so a wrapper
 * can append {@code -p c=3} to a hook whose ConfigMap sets other params; of one name, the later wins.
 */
final class CommandLineSettings implements SettingSource {

    private final CommandSpec command;
    private final SettingSource configured;

    CommandLineSettings(CommandSpec command) {
        this(command, SettingSource.ofConfig(ConfigProvider.getConfig()));
    }

    /** The command line over {@code configured}: tests give a ConfigMap's settings this way. */
    CommandLineSettings(CommandSpec command, SettingSource configured) {
        this.command = command;
        this.configured = configured;
    }

    @Override
    public Optional<String> value(String name) {
        return given(name).map(o -> o.getValue() == null ? null : String.valueOf((Object) o.getValue()))
                .map(String::strip).filter(v -> !v.isEmpty()).or(() -> configured.value(name));
    }

    @Override
    public List<String> values(String name) {
        List<String> all = new ArrayList<>(configured.values(name));
        given(name).ifPresent(o -> {
            List<String> flags = o.getValue();
            flags.stream().map(String::strip).filter(v -> !v.isEmpty()).forEach(all::add);
        });
        return all;
    }

    /** The option of that name, if the command line gave it. */
    private Optional<OptionSpec> given(String name) {
        OptionSpec option = command.findOption("--" + name);
        ParseResult parsed = command.commandLine() == null ? null : command.commandLine().getParseResult();
        return option != null && parsed != null && parsed.hasMatchedOption(option) ? Optional.of(option) : Optional.empty();
    }
}
