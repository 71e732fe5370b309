package dev.synchook.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.UUID;

/** A namespace of its own for each test class, created on the API server and removed afterwards. */
public final class TestNamespace {

    private TestNamespace() {
    }

    public static String create(KubernetesClient client, String prefix) {
        return createNamed(client, prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public static String createNamed(KubernetesClient client, String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    public static void delete(KubernetesClient client, String name) {
        client.namespaces().withName(name).delete();
    }
}
