package dev.synchook.cli;

import dev.synchook.SynchookException;
import dev.synchook.kube.ApiAction;
import dev.synchook.kube.Permissions;
import dev.synchook.render.RunIdentity;
import dev.synchook.tekton.CreatedRun;
import dev.synchook.tekton.RunEvents;
import dev.synchook.tekton.RunPruner;
import dev.synchook.tekton.Tekton;
import dev.synchook.tekton.TektonResources;
import dev.synchook.tekton.WaitResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** What follows the create: an Event, pruning, and the wait whose result gates the sync. Shared by trigger and wait. */
@ApplicationScoped
public class Waiting {

    private static final Logger LOG = Logger.getLogger(Waiting.class);

    @Inject
    Tekton tekton;

    @Inject
    ShutdownGuard shutdown;

    ShutdownGuard.Guard guard() {
        return shutdown.enter();
    }

    /**
     * Every request a trigger makes in the run's namespace with these options: create (and get, to
     * adopt a retried hook's run), what --wait and --keep need, and the courtesies (Events, per-task
     * progress) that may be missing.
     */
    List<Permissions.Need> needs(String namespace, WaitOptions options) {
        String runs = TektonResources.PIPELINE_RUNS;
        List<Permissions.Need> needs = new ArrayList<>(List.of(
                Permissions.Need.of(ApiAction.of("create", runs, namespace), "trigger"),
                Permissions.Need.of(ApiAction.of("get", runs, namespace), "adopting the run of a retried hook")));
        RunPruner.Policy policy = options.prune.policy();
        if (policy.enabled()) {
            needs.add(Permissions.Need.of(ApiAction.of("list", runs, namespace), "--keep"));
            if (!policy.dryRun()) {
                needs.add(Permissions.Need.of(ApiAction.of("delete", runs, namespace), "--keep"));
            }
        }
        if (options.wait) {
            needs.add(Permissions.Need.of(ApiAction.of("watch", runs, namespace), "--wait"));
            options.deadline.onTimeout.specStatus().ifPresent(status -> needs.add(Permissions.Need.of(
                    ApiAction.of("patch", runs, namespace), "--on-timeout (set spec.status " + status + ")")));
            needs.add(Permissions.Need.courtesy(ApiAction.of("get", TektonResources.TASK_RUNS, namespace), "per-task progress lines"));
            needs.add(Permissions.Need.courtesy(ApiAction.of("get", TektonResources.CUSTOM_RUNS, namespace), "per-task progress lines"));
        }
        needs.add(Permissions.Need.courtesy(ApiAction.of("create", "events", namespace), "Kubernetes Events on the run"));
        return needs;
    }

    RunSummary afterCreate(CreatedRun run, WaitOptions options, RunSummary summary, ShutdownGuard.Guard guard) {
        events().emit(run.run(), run.created() ? "Created" : "Adopted", run.created()
                ? "synchook created this run for the " + summary.phase() + " hook of " + summary.app() + " at revision " + summary.revision()
                : "a retried synchook hook of the same sync operation adopted this run");
        RunSummary result = summary;
        RunPruner.Policy policy = options.prune.policy();
        if (policy.enabled()) {
            result = result.withPruned(pruneSiblings(run.run(), policy));
        }
        return options.wait ? follow(run.run(), options.deadline, result, guard) : result;
    }

    RunSummary follow(GenericKubernetesResource run, DeadlineOptions deadline, RunSummary summary, ShutdownGuard.Guard guard) {
        String version = run.getApiVersion().substring(run.getApiVersion().indexOf('/') + 1);
        WaitResult wait = tekton.follower().follow(run.getMetadata().getNamespace(),
                run.getMetadata().getName(), version, deadline.waitTimeout, deadline.onTimeout, guard::stopRequested);
        String failed = wait.failedTasks().isEmpty() ? "" : "; failed tasks: " + String.join(", ", wait.failedTasks());
        String eventReason = switch (wait.result()) {
            case "Succeeded", "Failed", "Cancelled" -> wait.result();
            default -> deadline.onTimeout.specStatus().isPresent() ? "Cancelled" : "WaitEnded";
        };
        events().emit(run, eventReason, wait.result() + (wait.reason() == null ? "" : " (" + wait.reason() + ")")
                + (wait.message() == null ? "" : ": " + wait.message()) + failed);
        return summary.with(wait);
    }

    /** Housekeeping after a create must not fail the hook: a failure is a warning and counts nothing pruned. */
    private int pruneSiblings(GenericKubernetesResource run, RunPruner.Policy policy) {
        Map<String, String> labels = Optional.ofNullable(run.getMetadata().getLabels()).orElse(Map.of());
        if (!labels.containsKey(RunIdentity.LABEL_APP) || !labels.containsKey(RunIdentity.LABEL_PHASE)) {
            LOG.warn("not pruning: the run has no synchook.dev/app or synchook.dev/phase label");
            return 0;
        }
        Map<String, String> selector = RunPruner.siblings(labels.get(RunIdentity.LABEL_APP), labels.get(RunIdentity.LABEL_PHASE));
        try {
            return pruner().prune(run.getMetadata().getNamespace(), selector, policy, run.getMetadata().getName()).pruned();
        } catch (SynchookException e) {
            LOG.warnf("pruning failed: %s", e.oneLine());
        } catch (KubernetesClientException e) {
            LOG.warnf("pruning failed: HTTP %d %s", e.getCode(), e.getMessage());
        }
        return 0;
    }

    RunPruner pruner() {
        return tekton.pruner();
    }

    private RunEvents events() {
        return tekton.events();
    }
}
