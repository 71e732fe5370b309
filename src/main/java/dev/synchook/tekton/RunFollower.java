package dev.synchook.tekton;

import dev.synchook.ExitCode;
import dev.synchook.kube.ApiAction;
import dev.synchook.kube.ApiRetry;
import dev.synchook.tekton.RunState.ChildRef;
import dev.synchook.tekton.RunState.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/** Waits for one PipelineRun and turns how it ended into a {@link WaitResult}; cancels it when the wait is cut short. */
public final class RunFollower {

    private static final Logger LOG = Logger.getLogger(RunFollower.class);

    private final KubernetesClient client;
    private final ApiRetry retry;

    public RunFollower(KubernetesClient client, ApiRetry retry) {
        this.client = client;
        this.retry = retry;
    }

    /**
     * @param timeout how long to wait, or null for as long as it takes
     * @param stop true when the process is asked to stop (SIGTERM)
     */
    public WaitResult follow(String namespace, String name, String version, Duration timeout, OnTimeout onTimeout,
            BooleanSupplier stop) {
        Instant started = Instant.now();
        String shown = namespace + "/" + name;
        Progress progress = new Progress(shown, child -> childCondition(namespace, child));
        LOG.infof("waiting for PipelineRun %s%s", shown, timeout == null ? "" : " (at most " + GoDurations.format(timeout) + ")");
        RunWatch.Outcome outcome = new RunWatch(client, retry, namespace, name, version)
                .await(timeout, stop, r -> progress.observe(RunState.of(r)));
        RunState last = RunState.of(outcome.last());
        Long duration = duration(last, started);
        return switch (outcome.end()) {
            case FINISHED -> finished(last, progress.failedTasks(), duration);
            case DELETED -> new WaitResult("Failed", "Deleted", "PipelineRun " + shown + " was deleted while synchook waited for it",
                    progress.failedTasks(), duration, ExitCode.RUN_FAILED);
            case DEADLINE -> cutShort("TimedOut", "WaitTimeout", "the wait deadline of " + GoDurations.format(timeout) + " passed",
                    namespace, name, version, onTimeout, progress, duration);
            case STOPPED -> cutShort("Terminated", "Terminated", "synchook was asked to stop while waiting",
                    namespace, name, version, onTimeout, progress, duration);
        };
    }

    private static WaitResult finished(RunState last, List<String> failedTasks, Long duration) {
        Condition c = last.succeeded();
        if (c.succeeded()) {
            return new WaitResult("Succeeded", c.reason(), c.message(), failedTasks, duration, ExitCode.OK);
        }
        String reason = c.reason() == null ? "Failed" : c.reason();
        String result = reason.contains("Cancelled") || reason.startsWith("Stopped") ? "Cancelled" : "Failed";
        return new WaitResult(result, reason, c.message(), failedTasks, duration, ExitCode.RUN_FAILED);
    }

    private WaitResult cutShort(String result, String reason, String why, String namespace, String name, String version,
            OnTimeout onTimeout, Progress progress, Long duration) {
        String message = why + "; " + cancel(namespace, name, version, onTimeout);
        LOG.warnf("PipelineRun %s/%s: %s", namespace, name, message);
        return new WaitResult(result, reason, message, progress.failedTasks(), duration, ExitCode.DEADLINE);
    }

    /** Sets spec.status as the option says (a JSON merge patch); never deletes the run. Returns what was done, in words. */
    public String cancel(String namespace, String name, String version, OnTimeout onTimeout) {
        Optional<String> status = onTimeout.specStatus();
        if (status.isEmpty()) {
            return "the run was left running";
        }
        ApiAction patch = ApiAction.of("patch", TektonResources.PIPELINE_RUNS, namespace).named(name);
        String body = "{\"spec\":{\"status\":\"" + status.get() + "\"}}";
        try {
            retry.call(patch, () -> client.genericKubernetesResources(TektonResources.pipelineRuns(version)).inNamespace(namespace)
                    .withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), body));
            return "spec.status set to " + status.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return "the run no longer exists";
            }
            throw e;
        }
    }

    private Optional<Condition> childCondition(String namespace, ChildRef child) {
        if (child.name() == null) {
            return Optional.empty();
        }
        boolean custom = "CustomRun".equals(child.kind());
        String version = child.apiVersion() != null && child.apiVersion().contains("/")
                ? child.apiVersion().substring(child.apiVersion().indexOf('/') + 1) : custom ? "v1beta1" : "v1";
        ResourceDefinitionContext kind = custom ? TektonResources.customRuns(version) : TektonResources.taskRuns(version);
        ApiAction get = ApiAction.of("get", custom ? TektonResources.CUSTOM_RUNS : TektonResources.TASK_RUNS, namespace)
                .named(child.name());
        try {
            GenericKubernetesResource found = retry.call(get,
                    () -> client.genericKubernetesResources(kind).inNamespace(namespace).withName(child.name()).get());
            return Optional.ofNullable(found).map(r -> RunState.of(r).succeeded());
        } catch (KubernetesClientException e) {
            // Progress lines are a courtesy: a child that cannot be read must not end the wait.
            LOG.debugf("cannot read %s: %s", get, e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.warnf("cannot read %s: %s", get, e.getMessage());
            return Optional.empty();
        }
    }

    private static Long duration(RunState run, Instant waitStarted) {
        Instant from = run.startTime().orElse(waitStarted);
        Instant to = run.completionTime().orElse(Instant.now());
        return Math.max(0, Duration.between(from, to).toSeconds());
    }
}
