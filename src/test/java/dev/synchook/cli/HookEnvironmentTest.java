package dev.synchook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.manifests.ManifestsTest;
import dev.synchook.plan.RunSettings;
import dev.synchook.plan.SettingSource;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The hook Jobs that hooks/ renders set exactly the settings synchook reads: their environment
 * (downward API and the config map) goes through the real config parser into {@code trigger}'s options.
 */
class HookEnvironmentTest {

    /** Settings read outside picocli: logging and the API retry mapping. */
    private static final Set<String> PROCESS_SETTINGS = Set.of("SYNCHOOK_LOG_FORMAT", "SYNCHOOK_API_MAX_ATTEMPTS",
            "SYNCHOOK_API_INITIAL_BACKOFF", "SYNCHOOK_API_MAX_BACKOFF");

    @Test
    void everySynchookVariableOfTheRenderedHooksIsASettingAndReachesTheOptions() {
        List<JsonNode> objects = ManifestsTest.render(Path.of("examples/guestbook"));
        List<JsonNode> jobs = objects.stream().filter(o -> o.path("kind").asText().equals("Job")).toList();
        assertThat(jobs).hasSize(2);
        for (JsonNode job : jobs) {
            Map<String, String> env = environment(job, objects);
            CommandLine trigger = new CommandLine(TriggerCommand.class);
            Set<String> known = new HashSet<>(PROCESS_SETTINGS);
            for (OptionSpec option : trigger.getCommandSpec().options()) {
                known.add("SYNCHOOK_" + option.longestName().substring(2).replace('-', '_').toUpperCase(Locale.ROOT));
            }
            env.keySet().stream().filter(name -> name.startsWith("SYNCHOOK_"))
                    .forEach(name -> assertThat(known).as("%s of %s is read by synchook", name, job.path("metadata").path("name"))
                            .contains(name));

            SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new EnvConfigSource(env, 300)).build();
            trigger.setDefaultValueProvider(new ConfigDefaults(config));
            trigger.parseArgs();
            TriggerCommand command = trigger.getCommand();
            assertThat(command.run.pipeline).isEqualTo(env.get("SYNCHOOK_PIPELINE"));
            assertThat(command.sync.namespace).isEqualTo(env.get("SYNCHOOK_NAMESPACE"));
            assertThat(command.sync.phase).isEqualTo(env.get("SYNCHOOK_PHASE"));
            assertThat(command.sync.jobName).isEqualTo(env.get("SYNCHOOK_JOB_NAME"));
            assertThat(command.sync.jobUid).isEqualTo(env.get("SYNCHOOK_JOB_UID"));
            assertThat(command.sync.podNamespace).isEqualTo(env.get("SYNCHOOK_POD_NAMESPACE"));
            // The run settings go through the same reader as the hook's: every param and workspace parses.
            RunSettings settings = RunSettings.read(SettingSource.ofConfig(config));
            assertThat(settings.given().params()).hasSize((int) SettingSource.lines(env.get("SYNCHOOK_PARAM")).size());
        }
    }

    /** The container's environment as the pod would see it; downward API values stand in as samples. */
    private static Map<String, String> environment(JsonNode job, List<JsonNode> objects) {
        JsonNode container = job.path("spec").path("template").path("spec").path("containers").get(0);
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String configMap = from.path("configMapRef").path("name").asText();
            JsonNode data = objects.stream().filter(o -> o.path("kind").asText().equals("ConfigMap")
                    && o.path("metadata").path("name").asText().equals(configMap)).findFirst().orElseThrow().path("data");
            data.properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        for (JsonNode var : container.path("env")) {
            String fieldPath = var.path("valueFrom").path("fieldRef").path("fieldPath").asText("");
            String sample = switch (fieldPath) {
                // The unprefixed labels exist on every Kubernetes version, the prefixed ones from 1.27.
                case "metadata.labels['job-name']", "metadata.labels['batch.kubernetes.io/job-name']" -> job.path("metadata").path("name").asText();
                case "metadata.labels['controller-uid']", "metadata.labels['batch.kubernetes.io/controller-uid']" -> "0b5c6f0e-1d2c-4b7a-9e3f-5a6b7c8d9e0f";
                case "metadata.namespace" -> "guestbook";
                default -> var.path("value").asText();
            };
            env.put(var.path("name").asText(), sample);
        }
        return env;
    }
}
