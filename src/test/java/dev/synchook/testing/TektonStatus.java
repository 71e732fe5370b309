package dev.synchook.testing;

import dev.synchook.tekton.TektonResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays the Tekton controller in cluster tests: writes the status of runs and creates TaskRuns.
 * Status goes through the status subresource, as a real API server requires.
 */
public final class TektonStatus {

    private final KubernetesClient client;
    private final String namespace;
    private final String version;

    public TektonStatus(KubernetesClient client, String namespace) {
        this(client, namespace, "v1");
    }

    /** @param version the tekton.dev version runs are served in: v1, or v1beta1 on an older Tekton */
    public TektonStatus(KubernetesClient client, String namespace, String version) {
        this.client = client;
        this.namespace = namespace;
        this.version = version;
    }

    public static Map<String, Object> condition(String status, String reason, String message) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", "Succeeded");
        c.put("status", status);
        c.put("reason", reason);
        c.put("message", message);
        c.put("lastTransitionTime", Instant.now().toString());
        return c;
    }

    public static Map<String, Object> child(String name, String task) {
        return Map.of("apiVersion", "tekton.dev/v1", "kind", "TaskRun", "name", name, "pipelineTaskName", task);
    }

    public Resource<GenericKubernetesResource> run(String name) {
        return client.genericKubernetesResources(TektonResources.pipelineRuns(version)).inNamespace(namespace).withName(name);
    }

    /** Sets the run's status: the Succeeded condition, children, skipped tasks and the times that go with them. */
    public void runStatus(String name, Map<String, Object> condition, List<Map<String, Object>> children, List<String> skipped) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("conditions", List.of(condition));
        status.put("startTime", Instant.now().minusSeconds(5).toString());
        if (!"Unknown".equals(condition.get("status"))) {
            status.put("completionTime", Instant.now().toString());
        }
        if (!children.isEmpty()) {
            status.put("childReferences", children);
        }
        if (!skipped.isEmpty()) {
            List<Map<String, Object>> s = new ArrayList<>();
            skipped.forEach(n -> s.add(Map.of("name", n, "reason", "When Expressions evaluated to false")));
            status.put("skippedTasks", s);
        }
        run(name).editStatus(r -> {
            r.setAdditionalProperty("status", status);
            return r;
        });
    }

    /** A TaskRun with its Succeeded condition; created when missing. */
    public void taskRun(String name, Map<String, Object> condition) {
        Resource<GenericKubernetesResource> taskRun = client.genericKubernetesResources(TektonResources.taskRuns("v1"))
                .inNamespace(namespace).withName(name);
        if (taskRun.get() == null) {
            client.genericKubernetesResources(TektonResources.taskRuns("v1")).inNamespace(namespace).resource(new GenericKubernetesResourceBuilder().withApiVersion("tekton.dev/v1").withKind("TaskRun")
                    .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                    .addToAdditionalProperties("spec", Map.of("taskRef", Map.of("name", "task"))).build()).create();
        }
        taskRun.editStatus(r -> {
            r.setAdditionalProperty("status", Map.of("conditions", List.of(condition), "podName", name + "-pod"));
            return r;
        });
    }
}
