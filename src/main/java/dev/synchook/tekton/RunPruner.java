package dev.synchook.tekton;

import dev.synchook.kube.ApiAction;
import dev.synchook.kube.ApiRetry;
import dev.synchook.render.RunIdentity;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.jboss.logging.Logger;

/**
 * Deletes all but the newest finished runs of one app and phase. Lists page by page and keeps only
 * the names and times of the runs it may keep, so memory stays bounded however many runs there
 * are: a run pushed out of the newest {@code keep} can never come back, so it is deleted with its page.
 */
public final class RunPruner {

    private static final Logger LOG = Logger.getLogger(RunPruner.class);
    /** The page size of list requests. */
    public static final long PAGE = 500;

    /** What to keep: the {@code keep} newest finished runs (null: no count limit), and runs finished within {@code keepSince}. */
    public record Policy(Integer keep, Duration keepSince, boolean dryRun) {
        public boolean enabled() {
            return keep != null || keepSince != null;
        }
    }

    public record Result(int pruned, int kept, int running) {
    }

    private record Entry(String name, Instant created, Instant finished) {
    }

    // Oldest first, so the head is the one to push out; the name breaks ties of equal timestamps.
    private static final Comparator<Entry> NEWEST_LAST = Comparator.comparing(Entry::created).thenComparing(Entry::name);

    private final KubernetesClient client;
    private final ApiRetry retry;
    private final String version;

    /** @param version the tekton.dev version the cluster serves */
    public RunPruner(KubernetesClient client, ApiRetry retry, String version) {
        this.client = client;
        this.retry = retry;
        this.version = version;
    }

    /**
     * The runs of one app and phase, as RunIdentity labels them; in a fixed order so that the
     * request is the same every time.
     */
    public static Map<String, String> siblings(String appLabel, String phaseLabel) {
        Map<String, String> selector = new java.util.LinkedHashMap<>();
        selector.put(RunIdentity.MANAGED_BY, RunIdentity.MANAGER);
        selector.put(RunIdentity.LABEL_APP, appLabel);
        selector.put(RunIdentity.LABEL_PHASE, phaseLabel);
        return selector;
    }

    /** @param spare a run never deleted whatever its state (the one just created or adopted); may be null */
    public Result prune(String namespace, Map<String, String> selector, Policy policy, String spare) {
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> runs =
                client.genericKubernetesResources(TektonResources.pipelineRuns(version));
        ApiAction list = ApiAction.of("list", TektonResources.PIPELINE_RUNS, namespace);
        Instant finishedAfter = policy.keepSince() == null ? null : Instant.now().minus(policy.keepSince());
        PriorityQueue<Entry> newest = new PriorityQueue<>(NEWEST_LAST);
        int pruned = 0;
        int running = 0;
        String token = null;
        do {
            String page = token;
            GenericKubernetesResourceList items = retry.call(list, () -> runs.inNamespace(namespace).withLabels(selector)
                    .list(new ListOptionsBuilder().withLimit(PAGE).withContinue(page).build()));
            List<Entry> doomed = new ArrayList<>();
            for (GenericKubernetesResource item : items.getItems()) {
                RunState state = RunState.of(item);
                String name = item.getMetadata().getName();
                if (name.equals(spare) || item.getMetadata().getDeletionTimestamp() != null) {
                    continue;
                }
                if (!state.done()) {
                    running++;
                    continue;
                }
                Instant created = instant(item.getMetadata().getCreationTimestamp());
                Entry entry = new Entry(name, created, state.completionTime().orElse(created));
                Entry out = entry;
                if (policy.keep() != null && policy.keep() > 0) {
                    newest.add(entry);
                    out = newest.size() > policy.keep() ? newest.poll() : null;
                }
                if (out != null && (finishedAfter == null || out.finished().isBefore(finishedAfter))) {
                    doomed.add(out);
                }
            }
            for (Entry entry : doomed) {
                pruned += delete(namespace, entry, policy.dryRun()) ? 1 : 0;
            }
            token = items.getMetadata() == null ? null : items.getMetadata().getContinue();
        } while (token != null && !token.isEmpty());
        return new Result(pruned, newest.size(), running);
    }

    private static Instant instant(String text) {
        try {
            return text == null ? Instant.EPOCH : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private boolean delete(String namespace, Entry entry, boolean dryRun) {
        if (dryRun) {
            LOG.infof("would prune PipelineRun %s/%s (created %s)", namespace, entry.name(), entry.created());
            return true;
        }
        ApiAction delete = ApiAction.of("delete", TektonResources.PIPELINE_RUNS, namespace).named(entry.name());
        try {
            retry.call(delete, () -> client.genericKubernetesResources(TektonResources.pipelineRuns(version)).inNamespace(namespace)
                    .withName(entry.name()).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete());
            LOG.infof("pruned PipelineRun %s/%s (created %s)", namespace, entry.name(), entry.created());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
