package dev.synchook.cli;

import dev.synchook.SynchookException;
import dev.synchook.UserFiles;
import dev.synchook.render.KeyValues;
import dev.synchook.render.Param;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.context.SyncPhase;
import dev.synchook.render.ApiVersions;
import dev.synchook.render.RunRequest;
import dev.synchook.render.RunTemplate;
import dev.synchook.render.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What to run, as {@code tkn pipeline start} takes it, plus the sync context it runs for. */
public class RunOptions {

    @Mixin
    SyncOptions sync;

    @Option(names = "--pipeline", paramLabel = "NAME", description = "The Pipeline to run (pipelineRef.name); placeholders allowed.")
    String pipeline;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", split = "\\r?\\n", splitSynopsisLabel = "",
            description = "A param (repeatable). a,b is an array, k1:v1,k2:v2 an object, \\, a literal comma; placeholders allowed.")
    List<String> params = new ArrayList<>();

    @Option(names = {"-w", "--workspace"}, paramLabel = "SPEC", split = "\\r?\\n", splitSynopsisLabel = "",
            description = "A workspace (repeatable): name=ws,claimName=pvc[,subPath=p] | name=ws,emptyDir= | name=ws,config=cm"
                    + " | name=ws,secret=s | name=ws,volumeClaimTemplateFile=f | name=ws,csiFile=f | name=ws,storage=1Gi[,accessMode=M][,storageClass=C]")
    List<String> workspaces = new ArrayList<>();

    @Option(names = {"-s", "--service-account"}, paramLabel = "NAME", description = "Service account for the TaskRuns.")
    String serviceAccount;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Pipeline timeout (timeouts.pipeline), e.g. 1h.")
    String timeout;

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", split = "\\r?\\n", splitSynopsisLabel = "",
            description = "A label on the run (repeatable); placeholders allowed.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--annotation", paramLabel = "KEY=VALUE", split = "\\r?\\n", splitSynopsisLabel = "",
            description = "An annotation on the run (repeatable); placeholders allowed.")
    List<String> annotations = new ArrayList<>();

    @Option(names = "--prefix-name", paramLabel = "PREFIX", description = "Readable start of the run name; default: the app name.")
    String prefixName;

    @Option(names = "--template", paramLabel = "FILE",
            description = "A PipelineRun (tekton.dev/v1 or v1beta1) with placeholders in any string value; flags apply on top.")
    String template;

    @Option(names = "--keep-template-name", description = "Keep the template's metadata.name instead of the deterministic name.")
    boolean keepTemplateName;

    @Option(names = "--pipeline-resolver", paramLabel = "TYPE",
            description = "Reference the Pipeline through a resolver: git, bundles, cluster, hub, http.")
    String pipelineResolver;

    @Option(names = "--pipeline-param", paramLabel = "NAME=VALUE", split = "\\r?\\n", splitSynopsisLabel = "",
            description = "A resolver param (repeatable), e.g. url=..., revision={{ revision }}, pathInRepo=...")
    List<String> pipelineParams = new ArrayList<>();

    @Option(names = "--on-syncfail-pipeline", paramLabel = "NAME", description = "The Pipeline to run instead in the SyncFail phase.")
    String onSyncFailPipeline;

    @Option(names = "--on-syncfail-template", paramLabel = "FILE", description = "The template to use instead in the SyncFail phase.")
    String onSyncFailTemplate;

    @Option(names = "--api-version", paramLabel = "VERSION", defaultValue = "v1",
            description = "tekton.dev version to render: v1 or v1beta1 (default: ${DEFAULT-VALUE}); trigger falls back to v1beta1 "
                    + "by itself when the cluster serves nothing newer.")
    String apiVersion = "v1";

    @Option(names = "--config", paramLabel = "FILE", description = "A YAML file with defaults and a phases: map (PostSync, SyncFail, ...).")
    String config;

    /**
     * What to run in a phase, the most specific last: the config file's defaults, the flags and
     * settings, the config file's section for the phase, then {@code --on-syncfail-*}.
     */
    RunRequest requestFor(SyncPhase phase) {
        RunConfig file = config == null || config.isBlank() ? RunConfig.NONE : RunConfig.read(config);
        RunRequest request = file.defaults().overlay(request()).overlay(file.forPhase(phase));
        if (phase == SyncPhase.SYNC_FAIL) {
            if (nonBlank(onSyncFailTemplate)) {
                request = request.overlay(RunRequest.EMPTY.withTemplate(templateFile(onSyncFailTemplate)));
            }
            if (nonBlank(onSyncFailPipeline)) {
                request = request.overlay(RunRequest.ofPipeline(onSyncFailPipeline));
            }
        }
        return request;
    }

    /** The run in the requested API version. */
    ObjectNode inVersion(ObjectNode v1) {
        return switch (apiVersion.trim()) {
            case "v1", "tekton.dev/v1" -> v1;
            case "v1beta1", "tekton.dev/v1beta1" -> ApiVersions.toV1beta1(v1);
            default -> throw SynchookException.badInput("--api-version", apiVersion, "is not a PipelineRun version", "use v1 or v1beta1");
        };
    }

    private static boolean nonBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static ObjectNode templateFile(String file) {
        return RunTemplate.parse(file, UserFiles.read(file));
    }

    /** The flags and settings as one layer. */
    RunRequest request() {
        List<Param> parsedParams = params.stream().filter(p -> !p.isBlank()).map(Param::parse).toList();
        List<Workspace> parsedWorkspaces = workspaces.stream().filter(w -> !w.isBlank())
                .map(w -> Workspace.parse(w.trim(), UserFiles::read)).toList();
        return new RunRequest(Optional.ofNullable(template).filter(RunOptions::nonBlank).map(RunOptions::templateFile),
                Optional.ofNullable(pipeline), Optional.ofNullable(pipelineResolver).filter(RunOptions::nonBlank),
                pipelineParams.stream().filter(RunOptions::nonBlank).map(Param::parse).toList(),
                parsedParams, parsedWorkspaces,
                Optional.ofNullable(serviceAccount).filter(RunOptions::nonBlank),
                Optional.ofNullable(timeout).filter(RunOptions::nonBlank),
                KeyValues.parse("--label", labels), KeyValues.parse("--annotation", annotations),
                Optional.ofNullable(prefixName).filter(RunOptions::nonBlank), keepTemplateName);
    }

}
