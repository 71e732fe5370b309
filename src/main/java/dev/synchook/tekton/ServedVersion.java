package dev.synchook.tekton;

import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import dev.synchook.kube.ApiAction;
import dev.synchook.kube.ApiRetry;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * The tekton.dev version this process talks in: v1 first, v1beta1 only where the cluster serves nothing
 * newer. Learned at most once per process (one discovery GET) and shared by create, wait, prune and
 * the webhook's readiness. A create tries v1 without asking first, so the hook's usual path costs no
 * extra request; the others ask once.
 */
public final class ServedVersion {

    public static final String V1 = "v1";
    public static final String V1BETA1 = "v1beta1";

    private volatile String learned;

    /** The version to try now: the one learned, else v1. */
    public String current() {
        String known = learned;
        return known == null ? V1 : known;
    }

    /** Whether the version is known, so that a v1 answer of 404 means something else (a missing namespace). */
    public boolean known() {
        return learned != null;
    }

    /** The served version, from one discovery GET the first time; exit 2 when the cluster serves no usable one. */
    public String discover(KubernetesClient client, ApiRetry retry) {
        String known = learned;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (learned == null) {
                APIGroup group = retry.call(ApiAction.of("get", "apis/tekton.dev", null), () -> client.getApiGroup(TektonResources.GROUP));
                List<String> served = group == null ? List.of()
                        : group.getVersions().stream().map(GroupVersionForDiscovery::getVersion).toList();
                try {
                    learned = choose(served);
                } catch (SynchookException e) {
                    throw new SynchookException(e.exitCode(), e.getMessage() + retry.onWhere(), e.hint(), e);
                }
            }
            return learned;
        }
    }

    /** Forgets what was learned: the next create tries v1 again, the next caller asks again. */
    void forget() {
        learned = null;
    }

    /** Remembers a version the server just accepted. */
    void confirm(String version) {
        if (learned == null) {
            learned = version;
        }
    }

    static String choose(List<String> served) {
        if (served.isEmpty()) {
            throw new SynchookException(ExitCode.BAD_INPUT, "the cluster serves no tekton.dev API",
                    "install Tekton Pipelines, or point synchook at the cluster that runs it");
        }
        if (served.contains(V1)) {
            return V1;
        }
        if (served.contains(V1BETA1)) {
            return V1BETA1;
        }
        throw new SynchookException(ExitCode.BAD_INPUT, "the cluster serves tekton.dev " + served + ", not v1 or v1beta1",
                "upgrade Tekton Pipelines");
    }
}
