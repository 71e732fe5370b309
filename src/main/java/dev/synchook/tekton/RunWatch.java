package dev.synchook.tekton;

import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import dev.synchook.kube.ApiAction;
import dev.synchook.kube.ApiRetry;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Follows one PipelineRun with a watch until it finishes, the deadline passes or a stop is
 * requested. fabric8 reconnects a dropped watch by itself; when it gives up, or the server says 410
 * Gone (the resourceVersion is too old), the run is read again and the watch resumes from there.
 * Watch callbacks only queue what they saw; everything else happens on the waiting thread.
 */
public final class RunWatch {

    private static final Logger LOG = Logger.getLogger(RunWatch.class);
    // How often the waiting thread looks at the deadline and at stop requests; no API call is made.
    private static final long SLICE_MILLIS = 200;
    private static final Duration MAX_REOPEN_BACKOFF = Duration.ofSeconds(5);

    /** How the watch ended, with the last state of the run seen. */
    public enum End { FINISHED, DELETED, DEADLINE, STOPPED }

    public record Outcome(End end, GenericKubernetesResource last) {
    }

    private sealed interface Signal permits Event, Closed {
    }

    private record Event(int watch, Watcher.Action action, GenericKubernetesResource resource) implements Signal {
    }

    private record Closed(int watch, WatcherException cause) implements Signal {
    }

    private final Resource<GenericKubernetesResource> run;
    private final ApiRetry retry;
    private final ApiAction get;
    private final ApiAction watch;
    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private int generation;

    public RunWatch(KubernetesClient client, ApiRetry retry, String namespace, String name, String version) {
        this.run = client.genericKubernetesResources(TektonResources.pipelineRuns(version)).inNamespace(namespace).withName(name);
        this.retry = retry;
        this.get = ApiAction.of("get", TektonResources.PIPELINE_RUNS, namespace).named(name);
        this.watch = ApiAction.of("watch", TektonResources.PIPELINE_RUNS, namespace).named(name);
    }

    /**
     * @param deadline the longest wait, or null for none
     * @param stop asked between events; true ends the wait with {@link End#STOPPED}
     * @param onState every state of the run seen, the first included
     */
    public Outcome await(Duration deadline, BooleanSupplier stop, Consumer<GenericKubernetesResource> onState) {
        long end = deadline == null ? Long.MAX_VALUE : System.nanoTime() + deadline.toNanos();
        GenericKubernetesResource current = retry.call(get, run::get);
        if (current == null) {
            throw new SynchookException(ExitCode.BAD_INPUT, "PipelineRun " + get.namespace() + "/" + get.name() + " does not exist",
                    "check the name and the namespace (-n)");
        }
        onState.accept(current);
        if (RunState.of(current).done()) {
            return new Outcome(End.FINISHED, current);
        }
        Duration reopenBackoff = Duration.ZERO;
        Watch open = open(current);
        try {
            while (true) {
                if (stop.getAsBoolean()) {
                    return new Outcome(End.STOPPED, current);
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return new Outcome(End.DEADLINE, current);
                }
                Signal signal = signals.poll(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, SLICE_MILLIS), TimeUnit.MILLISECONDS);
                if (signal instanceof Event e && e.watch() == generation) {
                    reopenBackoff = Duration.ZERO;
                    if (e.action() == Watcher.Action.DELETED) {
                        return new Outcome(End.DELETED, current);
                    }
                    if (e.action() == Watcher.Action.ERROR || e.resource() == null) {
                        continue;
                    }
                    current = e.resource();
                    onState.accept(current);
                    if (RunState.of(current).done()) {
                        return new Outcome(End.FINISHED, current);
                    }
                } else if (signal instanceof Closed c && c.watch() == generation) {
                    open.close();
                    LOG.debugf("watch of %s closed (%s); reading the run again", get, c.cause() == null ? "no cause" : c.cause().getMessage());
                    // Closed over and over: wait a little more each time, within bounds.
                    sleep(reopenBackoff);
                    reopenBackoff = reopenBackoff.isZero() ? Duration.ofMillis(200)
                            : min(reopenBackoff.multipliedBy(2), MAX_REOPEN_BACKOFF);
                    GenericKubernetesResource fresh = retry.call(get, run::get);
                    if (fresh == null) {
                        return new Outcome(End.DELETED, current);
                    }
                    current = fresh;
                    onState.accept(current);
                    if (RunState.of(current).done()) {
                        return new Outcome(End.FINISHED, current);
                    }
                    open = open(current);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(End.STOPPED, current);
        } finally {
            open.close();
        }
    }

    private Watch open(GenericKubernetesResource from) {
        int id = ++generation;
        String resourceVersion = from.getMetadata().getResourceVersion();
        Watcher<GenericKubernetesResource> watcher = new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource resource) {
                signals.add(new Event(id, action, resource));
            }

            @Override
            public void onClose(WatcherException cause) {
                signals.add(new Closed(id, cause));
            }

            @Override
            public void onClose() {
                signals.add(new Closed(id, null));
            }
        };
        return retry.call(watch, () -> run.watch(new ListOptionsBuilder().withResourceVersion(resourceVersion).build(), watcher));
    }

    private static void sleep(Duration duration) throws InterruptedException {
        if (!duration.isZero()) {
            Thread.sleep(duration.toMillis());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
