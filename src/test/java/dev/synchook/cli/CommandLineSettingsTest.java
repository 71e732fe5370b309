package dev.synchook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchook.context.SyncPhase;
import dev.synchook.plan.RunSettings;
import dev.synchook.plan.SettingSource;
import dev.synchook.render.Param;
import dev.synchook.render.RunRequest;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's promise: a repeatable flag adds to its setting, of one name the later value wins, as with tkn. */
class CommandLineSettingsTest {

    private static final Map<String, String> CONFIG_MAP = Map.of(
            "param", "# what the pipeline verifies\nrevision={{ revision }}\nimage-tag={{ image_tag }}\n",
            "label", "team=web",
            "pipeline", "verify");

    private static RunRequest request(String... args) {
        CommandLine trigger = new CommandLine(TriggerCommand.class);
        trigger.parseArgs(args);
        SettingSource settings = new CommandLineSettings(trigger.getCommandSpec(),
                SettingSource.ofText(name -> Optional.ofNullable(CONFIG_MAP.get(name))));
        return RunSettings.read(settings).requestFor(SyncPhase.POST_SYNC, RunRequest.EMPTY);
    }

    @Test
    void aRepeatableFlagAddsToTheConfigMapAndTheLaterValueOfANameWins() {
        RunRequest request = request("-p", "image-tag=latest", "-p", "c=3", "-l", "tier=backend");
        assertThat(request.params()).extracting(Param::name).containsExactly("revision", "image-tag", "c");
        assertThat(request.params().get(0).value().asText()).isEqualTo("{{ revision }}");
        assertThat(request.params().get(1).value().asText()).isEqualTo("latest");
        assertThat(request.labels()).containsExactly(Map.entry("team", "web"), Map.entry("tier", "backend"));
    }

    @Test
    void aSingleValuedFlagReplacesItsSetting() {
        assertThat(request("--pipeline", "other").pipeline()).contains("other");
        assertThat(request().pipeline()).contains("verify");
        assertThat(request().params()).extracting(Param::name).containsExactly("revision", "image-tag");
    }
}
