package dev.synchook.tekton;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * Tekton resources addressed without API discovery: fabric8's generic client would otherwise ask
 * the server for each kind's plural on first use, one more request per hook.
 */
public final class TektonResources {

    public static final String GROUP = "tekton.dev";
    public static final String PIPELINE_RUNS = "pipelineruns.tekton.dev";
    public static final String TASK_RUNS = "taskruns.tekton.dev";
    public static final String CUSTOM_RUNS = "customruns.tekton.dev";

    private TektonResources() {
    }

    public static ResourceDefinitionContext pipelineRuns(String version) {
        return context("PipelineRun", "pipelineruns", version);
    }

    public static ResourceDefinitionContext taskRuns(String version) {
        return context("TaskRun", "taskruns", version);
    }

    public static ResourceDefinitionContext customRuns(String version) {
        return context("CustomRun", "customruns", version);
    }

    static ResourceDefinitionContext context(String kind, String plural, String version) {
        return new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }
}
