package dev.synchook.tekton;

import dev.synchook.kube.ApiRetry;
import dev.synchook.kube.RetrySettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Where runs live, for every command and every webhook delivery of this process: one client, one
 * retry policy, one {@link ServedVersion}. The client is built on first use, so commands that never
 * touch runs ({@code render}, {@code context}) build none.
 */
@ApplicationScoped
public class Tekton {

    @Inject
    Instance<KubernetesClient> client;

    @Inject
    RetrySettings retrySettings;

    private final ServedVersion version = new ServedVersion();

    public KubernetesClient client() {
        return client.get();
    }

    public ApiRetry retry() {
        return new ApiRetry(retrySettings.policy());
    }

    /** The tekton.dev version the cluster serves (one discovery GET per process). */
    public String servedVersion() {
        return version.discover(client(), retry());
    }

    /** Learns the served version again on next use: for a process whose client now reaches another cluster. */
    public void forgetServedVersion() {
        version.forget();
    }

    public TektonRuns runs() {
        return new TektonRuns(client(), retry(), version);
    }

    public RunFollower follower() {
        return new RunFollower(client(), retry());
    }

    public RunPruner pruner() {
        return new RunPruner(client(), retry(), servedVersion());
    }

    public RunEvents events() {
        return new RunEvents(client(), retry());
    }
}
