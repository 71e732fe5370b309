package dev.synchook.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.synchook.context.ContextKey;
import dev.synchook.context.SyncContext;
import dev.synchook.context.SyncPhase;
import dev.synchook.render.RunIdentity;
import dev.synchook.tekton.CreatedRun;
import dev.synchook.tekton.WaitResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last line of output and the termination message: what happened, in one JSON object. The
 * wait fields ({@code result} .. {@code durationSeconds}) appear when synchook waited, {@code pruned}
 * when it pruned. Jackson reads its accessors by reflection, which a native executable has to be told about.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunSummary(String name, String namespace, String uid, String outcome, String app, String phase,
        String revision, String imageTag, Integer exitCode, String error,
        String result, String reason, String message, List<String> failedTasks, Long durationSeconds, Integer pruned) {

    static RunSummary of(CreatedRun run, SyncContext context) {
        return new RunSummary(run.name(), run.namespace(), run.uid(), run.outcome(),
                context.value(ContextKey.APP_NAME).orElse(null), context.phase().argoName(),
                context.value(ContextKey.REVISION).orElse(null), context.value(ContextKey.IMAGE_TAG).orElse(null), 0, null,
                null, null, null, null, null, null);
    }

    /** A run synchook did not create in this process ({@code synchook wait}): what its labels and annotations tell. */
    static RunSummary ofExisting(GenericKubernetesResource run, String outcome) {
        Map<String, String> labels = Optional.ofNullable(run.getMetadata().getLabels()).orElse(Map.of());
        Map<String, String> annotations = Optional.ofNullable(run.getMetadata().getAnnotations()).orElse(Map.of());
        String phase = SyncPhase.find(labels.get(RunIdentity.LABEL_PHASE)).map(SyncPhase::argoName).orElse(null);
        return new RunSummary(run.getMetadata().getName(), run.getMetadata().getNamespace(), run.getMetadata().getUid(), outcome,
                annotations.getOrDefault(RunIdentity.LABEL_APP, labels.get(RunIdentity.LABEL_APP)), phase,
                annotations.getOrDefault(RunIdentity.LABEL_REVISION, labels.get(RunIdentity.LABEL_REVISION)), null, 0, null,
                null, null, null, null, null, null);
    }

    static RunSummary failure(int exitCode, String error) {
        return new RunSummary(null, null, null, "failed", null, null, null, null, exitCode, error,
                null, null, null, null, null, null);
    }

    /** With how the wait ended; its exit code becomes the summary's. */
    RunSummary with(WaitResult wait) {
        return new RunSummary(name, namespace, uid, outcome, app, phase, revision, imageTag, wait.exitCode().code(), error,
                wait.result(), wait.reason(), wait.message(), wait.failedTasks(), wait.durationSeconds(), pruned);
    }

    RunSummary withPruned(int count) {
        return new RunSummary(name, namespace, uid, outcome, app, phase, revision, imageTag, exitCode, error,
                result, reason, message, failedTasks, durationSeconds, count);
    }
}
