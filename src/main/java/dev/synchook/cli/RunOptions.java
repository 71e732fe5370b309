package dev.synchook.cli;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * What to run, as {@code tkn pipeline start} takes it. Declared here for parsing and {@code --help};
 * the values are read through {@link CommandLineSettings} into {@link dev.synchook.plan.RunSettings},
 * so that a repeatable flag adds to the same setting from the environment instead of replacing it,
 * and {@code serve} reads the very same settings.
 */
public class RunOptions {

    @Option(names = "--pipeline", paramLabel = "NAME", description = "The Pipeline to run (pipelineRef.name); placeholders allowed.")
    String pipeline;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", split = "\\r?\\n", splitSynopsisLabel = "",
            description = "A param (repeatable; adds to SYNCHOOK_PARAM, the later of one name wins). a,b is an array, "
                    + "k1:v1,k2:v2 an object, \\, a literal comma; placeholders allowed.")
    List<String> params;

    @Option(names = {"-w", "--workspace"}, paramLabel = "SPEC", split = "\\r?\\n", splitSynopsisLabel = "",
            description = "A workspace (repeatable): name=ws,claimName=pvc[,subPath=p] | name=ws,emptyDir= | name=ws,config=cm"
                    + " | name=ws,secret=s | name=ws,volumeClaimTemplateFile=f | name=ws,csiFile=f | name=ws,storage=1Gi[,accessMode=M][,storageClass=C]")
    List<String> workspaces;

    @Option(names = {"-s", "--service-account"}, paramLabel = "NAME", description = "Service account for the TaskRuns.")
    String serviceAccount;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Pipeline timeout (timeouts.pipeline), e.g. 1h.")
    String timeout;

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", split = "\\r?\\n", splitSynopsisLabel = "",
            description = "A label on the run (repeatable); placeholders allowed.")
    List<String> labels;

    @Option(names = "--annotation", paramLabel = "KEY=VALUE", split = "\\r?\\n", splitSynopsisLabel = "",
            description = "An annotation on the run (repeatable); placeholders allowed.")
    List<String> annotations;

    @Option(names = "--prefix-name", paramLabel = "PREFIX", description = "Readable start of the run name; default: the app name.")
    String prefixName;

    @Option(names = "--template", paramLabel = "FILE",
            description = "A PipelineRun (tekton.dev/v1 or v1beta1) with placeholders in any string value; flags apply on top. "
                    + "Default: /etc/synchook/template.yaml when that file exists (the hook's ConfigMap key template.yaml).")
    String template;

    @Option(names = "--keep-template-name", description = "Keep the template's metadata.name instead of the deterministic name.")
    boolean keepTemplateName;

    @Option(names = "--pipeline-resolver", paramLabel = "TYPE",
            description = "Reference the Pipeline through a resolver: git, bundles, cluster, hub, http.")
    String pipelineResolver;

    @Option(names = "--pipeline-param", paramLabel = "NAME=VALUE", split = "\\r?\\n", splitSynopsisLabel = "",
            description = "A resolver param (repeatable), e.g. url=..., revision={{ revision }}, pathInRepo=...")
    List<String> pipelineParams;

    @Option(names = "--on-syncfail-pipeline", paramLabel = "NAME", description = "The Pipeline to run instead in the SyncFail phase.")
    String onSyncFailPipeline;

    @Option(names = "--on-syncfail-template", paramLabel = "FILE", description = "The template to use instead in the SyncFail phase.")
    String onSyncFailTemplate;

    @Option(names = "--api-version", paramLabel = "VERSION",
            description = "tekton.dev version to render: v1 (default) or v1beta1; trigger and serve create in v1beta1 by themselves "
                    + "when the cluster serves nothing newer.")
    String apiVersion;

    @Option(names = "--config", paramLabel = "FILE", description = "A YAML file with defaults and a phases: map (PostSync, SyncFail, ...).")
    String config;
}
