package dev.synchook.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.SynchookException;
import dev.synchook.UserFiles;
import dev.synchook.context.SyncPhase;
import dev.synchook.render.KeyValues;
import dev.synchook.render.Param;
import dev.synchook.render.RunRequest;
import dev.synchook.render.RunTemplate;
import dev.synchook.render.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The settings that shape a run ({@code --pipeline}, {@code --param}, ..., {@code --config}), read and
 * checked once. {@code trigger}, {@code render} and {@code serve} all turn them into a request here.
 *
 * @param given the flags and settings as one layer
 * @param file the {@code --config} file's defaults and per-phase sections
 * @param onSyncFail {@code --on-syncfail-template} and {@code --on-syncfail-pipeline} as one layer
 * @param apiVersion the tekton.dev version to render: v1 or v1beta1
 */
public record RunSettings(RunRequest given, RunConfig file, RunRequest onSyncFail, String apiVersion) {

    /** Where the hook Jobs mount the optional {@code template.yaml} key of their ConfigMap: used when no template is named. */
    public static final Path MOUNTED_TEMPLATE = Path.of("/etc/synchook/template.yaml");

    public static RunSettings read(SettingSource settings) {
        return read(settings, MOUNTED_TEMPLATE);
    }

    static RunSettings read(SettingSource settings, Path mountedTemplate) {
        Optional<ObjectNode> template = settings.value("template").or(() -> Files.isRegularFile(mountedTemplate)
                ? Optional.of(mountedTemplate.toString()) : Optional.empty()).map(RunSettings::template);
        RunRequest given = new RunRequest(template, settings.value("pipeline"), settings.value("pipeline-resolver"),
                settings.values("pipeline-param").stream().map(Param::parse).toList(),
                settings.values("param").stream().map(Param::parse).toList(),
                settings.values("workspace").stream().map(w -> Workspace.parse(w, UserFiles::read)).toList(),
                settings.value("service-account"), settings.value("timeout"),
                KeyValues.parse("--label", settings.values("label")), KeyValues.parse("--annotation", settings.values("annotation")),
                settings.value("prefix-name"), settings.value("keep-template-name").map(v -> DiscoverySettings.bool("--keep-template-name", v)).orElse(false));
        RunRequest onSyncFail = RunRequest.EMPTY;
        Optional<String> failTemplate = settings.value("on-syncfail-template");
        if (failTemplate.isPresent()) {
            onSyncFail = onSyncFail.overlay(RunRequest.EMPTY.withTemplate(template(failTemplate.get())));
        }
        Optional<String> failPipeline = settings.value("on-syncfail-pipeline");
        if (failPipeline.isPresent()) {
            onSyncFail = onSyncFail.overlay(RunRequest.ofPipeline(failPipeline.get()));
        }
        String apiVersion = settings.value("api-version").orElse("v1");
        checkApiVersion(apiVersion);
        RunConfig file = settings.value("config").map(RunConfig::read).orElse(RunConfig.NONE);
        return new RunSettings(given, file, onSyncFail, apiVersion);
    }

    /**
     * What to run in a phase, the most specific last: the config file's defaults, the flags and
     * settings, a webhook route's layer, the config file's section for the phase, then {@code --on-syncfail-*}.
     */
    public RunRequest requestFor(SyncPhase phase, RunRequest route) {
        RunRequest request = file.defaults().overlay(given).overlay(route).overlay(file.forPhase(phase));
        return phase == SyncPhase.SYNC_FAIL ? request.overlay(onSyncFail) : request;
    }

    /** Whether anything names what to run, without a route. */
    public boolean runsSomething() {
        RunRequest defaults = file.defaults().overlay(given);
        return defaults.template().isPresent() || defaults.pipeline().isPresent() || defaults.pipelineResolver().isPresent()
                || !file.phases().isEmpty() || onSyncFail.template().isPresent() || onSyncFail.pipeline().isPresent();
    }

    /** The run in the requested API version. */
    public ObjectNode inVersion(ObjectNode v1) {
        return apiVersion.endsWith("v1beta1") ? dev.synchook.render.ApiVersions.toV1beta1(v1) : v1;
    }

    private static void checkApiVersion(String version) {
        if (!List.of("v1", "tekton.dev/v1", "v1beta1", "tekton.dev/v1beta1").contains(version)) {
            throw SynchookException.badInput("--api-version", version, "is not a PipelineRun version", "use v1 or v1beta1");
        }
    }

    private static ObjectNode template(String file) {
        return RunTemplate.parse(file, UserFiles.read(file));
    }

}
