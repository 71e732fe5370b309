package dev.synchook.tekton;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import dev.synchook.kube.ApiAction;
import dev.synchook.kube.ApiRetry;
import dev.synchook.render.ApiVersions;
import dev.synchook.render.RunIdentity;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** PipelineRuns on the API server: created exactly once per sync operation. */
public final class TektonRuns {

    private static final Logger LOG = Logger.getLogger(TektonRuns.class);

    private final KubernetesClient client;
    private final ApiRetry retry;
    private List<String> servedVersions;

    public TektonRuns(KubernetesClient client, ApiRetry retry) {
        this.client = client;
        this.retry = retry;
    }

    /**
     * Creates the run; when one of that name exists (a retried hook, a concurrent pod, a repeated
     * webhook delivery) adopts it instead. The name is deterministic, so the API server's
     * AlreadyExists is what makes this exactly-once, even for concurrent callers.
     */
    public CreatedRun createOnce(ObjectNode rendered) {
        try {
            return create(rendered);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 || !ApiVersions.V1.equals(rendered.path("apiVersion").asText())) {
                throw e;
            }
            // v1 not found: either the namespace is missing or the cluster serves only v1beta1. One discovery call tells.
            List<String> served = servedVersions();
            String namespace = rendered.path("metadata").path("namespace").asText();
            if (served.isEmpty()) {
                throw new SynchookException(ExitCode.BAD_INPUT, "the cluster serves no tekton.dev API",
                        "install Tekton Pipelines, or point synchook at the cluster that runs it", e);
            }
            if (served.contains("v1")) {
                throw new SynchookException(ExitCode.BAD_INPUT, "namespace " + namespace + " not found",
                        "create it, or set --namespace (SYNCHOOK_NAMESPACE) to the namespace that runs your pipelines", e);
            }
            if (!served.contains("v1beta1")) {
                throw new SynchookException(ExitCode.BAD_INPUT, "the cluster serves tekton.dev " + served + ", not v1 or v1beta1",
                        "upgrade Tekton Pipelines", e);
            }
            LOG.infof("the cluster serves tekton.dev/v1beta1 only: creating the run in that version");
            return create(ApiVersions.toV1beta1(rendered));
        }
    }

    /** The tekton.dev versions the API server serves; one discovery call, remembered. */
    List<String> servedVersions() {
        if (servedVersions == null) {
            APIGroup group = retry.call(ApiAction.of("get", "apis/tekton.dev", null), () -> client.getApiGroup(TektonResources.GROUP));
            servedVersions = group == null ? List.of()
                    : group.getVersions().stream().map(GroupVersionForDiscovery::getVersion).toList();
        }
        return servedVersions;
    }

    private CreatedRun create(ObjectNode rendered) {
        GenericKubernetesResource run = client.getKubernetesSerialization().convertValue(rendered, GenericKubernetesResource.class);
        String namespace = run.getMetadata().getNamespace();
        String name = run.getMetadata().getName();
        String version = run.getApiVersion().substring(run.getApiVersion().indexOf('/') + 1);
        var runs = client.genericKubernetesResources(TektonResources.pipelineRuns(version)).inNamespace(namespace);
        ApiAction create = ApiAction.of("create", TektonResources.PIPELINE_RUNS, namespace).named(name);
        // A create that the server applied but whose answer was lost comes back as 409 on retry: adopted below.
        for (int round = 0; round < 3; round++) {
            try {
                GenericKubernetesResource created = retry.call(create,
                        () -> runs.resource(run).fieldValidation(FieldValidateable.Validation.STRICT).create());
                LOG.infof("created PipelineRun %s/%s", namespace, name);
                return new CreatedRun(created, true);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
            ApiAction get = ApiAction.of("get", TektonResources.PIPELINE_RUNS, namespace).named(name);
            Optional<GenericKubernetesResource> existing = Optional.ofNullable(retry.call(get, () -> runs.withName(name).get()));
            if (existing.isPresent()) {
                return adopt(existing.get());
            }
            // deleted between our create and get (e.g. pruned): try to create again
        }
        throw new SynchookException(ExitCode.API_UNAVAILABLE, "PipelineRun " + namespace + "/" + name
                + " kept conflicting on create and vanishing on get", "retry the sync");
    }

    private CreatedRun adopt(GenericKubernetesResource existing) {
        Map<String, String> labels = Optional.ofNullable(existing.getMetadata().getLabels()).orElse(Map.of());
        String name = existing.getMetadata().getNamespace() + "/" + existing.getMetadata().getName();
        if (!RunIdentity.MANAGER.equals(labels.get(RunIdentity.MANAGED_BY))) {
            throw new SynchookException(ExitCode.BAD_INPUT, "PipelineRun " + name + " exists and was not created by synchook",
                    "delete it or choose another name with --prefix-name");
        }
        LOG.infof("PipelineRun %s already exists for this sync operation: adopted", name);
        return new CreatedRun(existing, false);
    }
}
