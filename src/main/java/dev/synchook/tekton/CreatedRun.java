package dev.synchook.tekton;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** The run of this sync operation, and whether this process created it or adopted the one that existed. */
public record CreatedRun(GenericKubernetesResource run, boolean created) {

    public String name() {
        return run.getMetadata().getName();
    }

    public String namespace() {
        return run.getMetadata().getNamespace();
    }

    public String uid() {
        return run.getMetadata().getUid();
    }

    public String outcome() {
        return created ? "created" : "adopted";
    }
}
