package dev.synchook.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.synchook.context.ContextKey;
import dev.synchook.context.SyncContext;
import dev.synchook.tekton.CreatedRun;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The last line of output and the termination message: what happened, in one JSON object. Jackson reads
 * its accessors by reflection, which a native executable has to be told about.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunSummary(String name, String namespace, String uid, String outcome, String app, String phase,
        String revision, String imageTag, Integer exitCode, String error) {

    static RunSummary of(CreatedRun run, SyncContext context) {
        return new RunSummary(run.name(), run.namespace(), run.uid(), run.outcome(),
                context.value(ContextKey.APP_NAME).orElse(null), context.phase().argoName(),
                context.value(ContextKey.REVISION).orElse(null), context.value(ContextKey.IMAGE_TAG).orElse(null), 0, null);
    }

    static RunSummary failure(int exitCode, String error) {
        return new RunSummary(null, null, null, "failed", null, null, null, null, exitCode, error);
    }
}
