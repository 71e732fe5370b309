package dev.synchook.tekton;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import dev.synchook.kube.ApiAction;
import dev.synchook.kube.ApiRetry;
import dev.synchook.render.ApiVersions;
import dev.synchook.render.RunIdentity;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** PipelineRuns on the API server: created exactly once per sync operation. */
public final class TektonRuns {

    private static final Logger LOG = Logger.getLogger(TektonRuns.class);

    private final KubernetesClient client;
    private final ApiRetry retry;
    private final ServedVersion version;

    public TektonRuns(KubernetesClient client, ApiRetry retry, ServedVersion version) {
        this.client = client;
        this.retry = retry;
        this.version = version;
    }

    /**
     * Creates the run; when one of that name exists (a retried hook, a concurrent pod, a repeated
     * webhook delivery) adopts it instead. The name is deterministic, so the API server's
     * AlreadyExists is what makes this exactly-once, even for concurrent callers. The run is sent in
     * the version the cluster serves: a v1 run goes as v1beta1 where only that is served.
     */
    public CreatedRun createOnce(ObjectNode rendered) {
        boolean v1 = ApiVersions.V1.equals(rendered.path("apiVersion").asText());
        if (v1 && version.known()) {
            return create(inServedVersion(rendered));
        }
        try {
            CreatedRun created = create(rendered);
            if (v1) {
                version.confirm(ServedVersion.V1);
            }
            return created;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 || !v1) {
                throw e;
            }
            // v1 not found: either the namespace is missing or the cluster serves only v1beta1. One discovery call tells.
            String served = version.discover(client, retry);
            if (served.equals(ServedVersion.V1)) {
                String namespace = rendered.path("metadata").path("namespace").asText();
                throw new SynchookException(ExitCode.BAD_INPUT, "namespace " + namespace + " not found" + retry.onWhere(),
                        "create it, or set --namespace (SYNCHOOK_NAMESPACE) to the namespace that runs your pipelines", e);
            }
            LOG.infof("the cluster serves tekton.dev/v1beta1 only: creating the run in that version");
            return create(inServedVersion(rendered));
        }
    }

    private ObjectNode inServedVersion(ObjectNode v1) {
        return version.current().equals(ServedVersion.V1BETA1) ? ApiVersions.toV1beta1(v1) : v1;
    }

    private CreatedRun create(ObjectNode rendered) {
        GenericKubernetesResource run = client.getKubernetesSerialization().convertValue(rendered, GenericKubernetesResource.class);
        String namespace = run.getMetadata().getNamespace();
        String name = run.getMetadata().getName();
        String runVersion = run.getApiVersion().substring(run.getApiVersion().indexOf('/') + 1);
        var runs = client.genericKubernetesResources(TektonResources.pipelineRuns(runVersion)).inNamespace(namespace);
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
