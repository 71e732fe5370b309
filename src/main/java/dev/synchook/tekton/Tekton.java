package dev.synchook.tekton;

import dev.synchook.kube.ApiRetry;
import dev.synchook.kube.Connection;
import dev.synchook.kube.Connections;
import dev.synchook.kube.RetrySettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Where runs live, for every command and every webhook delivery of this process: the {@code tekton}
 * connection (the local cluster unless configured otherwise), one retry policy naming that connection in
 * its errors, one {@link ServedVersion} per connection. The client is built on first use, so commands that
 * never touch runs ({@code render}, {@code context}) build none.
 */
@ApplicationScoped
public class Tekton {

    @Inject
    Connections connections;

    @Inject
    RetrySettings retrySettings;

    private ServedVersion version = new ServedVersion();
    private Connection versionOf;

    public KubernetesClient client() {
        return connections.tekton().client();
    }

    public ApiRetry retry() {
        return new ApiRetry(retrySettings.policy()).on(connections.tekton().where());
    }

    /** The served version learned on the connection in use; learned again when the connection changes. */
    private synchronized ServedVersion version() {
        Connection current = connections.tekton();
        if (current != versionOf) {
            version = new ServedVersion();
            versionOf = current;
        }
        return version;
    }

    /** The tekton.dev version the cluster serves (one discovery GET per process). */
    public String servedVersion() {
        return version().discover(client(), retry());
    }

    /** Learns the served version again on next use: for a process whose client now reaches another cluster. */
    public void forgetServedVersion() {
        version().forget();
    }

    public TektonRuns runs() {
        return new TektonRuns(client(), retry(), version());
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
