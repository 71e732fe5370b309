package dev.synchook.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.render.Yaml;
import dev.synchook.testing.ClusterResource;
import dev.synchook.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The documented install on an API server, over a ConfigMap that already holds Argo CD's notifications
 * catalog: {@code kubectl patch configmap argocd-notifications-cm --type merge --patch-file ...} (the same
 * request, a JSON merge patch of the shipped file). Catalog keys before == catalog keys after, plus
 * synchook's; re-applying the catalog as Argo CD's docs say (server-side apply) keeps synchook's keys.
 */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationsInstallClusterTest {

    static final String CM = "argocd-notifications-cm";

    @Inject
    KubernetesClient client;

    String namespace;

    @BeforeAll
    void createNamespace() {
        namespace = TestNamespace.create(client, "synchook-notifications");
    }

    @AfterAll
    void deleteNamespace() {
        TestNamespace.delete(client, namespace);
    }

    private ConfigMap catalog() throws Exception {
        ConfigMap catalog = Yaml.MAPPER.treeToValue(Yaml.MAPPER.readTree(NotificationsInstallTest.CATALOG.toFile()), ConfigMap.class);
        catalog.getMetadata().setNamespace(namespace);
        return catalog;
    }

    /** What {@code kubectl patch --type merge --patch-file} sends: the file as a JSON merge patch. */
    private void installSynchook() throws Exception {
        JsonNode patch = Yaml.MAPPER.readTree(NotificationsInstallTest.PATCH.toFile());
        client.configMaps().inNamespace(namespace).withName(CM).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    }

    /**
     * The catalog, applied the way Argo CD's docs show: {@code kubectl apply --server-side} on a real API
     * server. The mock server knows no server-side apply: there it is created, and upgraded with the merge
     * patch of the catalog's own keys that a client-side {@code kubectl apply} sends.
     */
    private void applyCatalog(boolean first) throws Exception {
        if (ClusterResource.realCluster()) {
            client.configMaps().inNamespace(namespace).resource(catalog()).fieldManager("kubectl").forceConflicts().serverSideApply();
        } else if (first) {
            client.configMaps().inNamespace(namespace).resource(catalog()).create();
        } else {
            String patch = Yaml.JSON.createObjectNode().set("data", Yaml.JSON.valueToTree(catalog().getData())).toString();
            client.configMaps().inNamespace(namespace).withName(CM).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        }
    }

    private Map<String, String> live() {
        return new TreeMap<>(client.configMaps().inNamespace(namespace).withName(CM).get().getData());
    }

    @Test
    void theInstallAddsSynchooksKeysAndKeepsTheCatalogsThroughACatalogUpgrade() throws Exception {
        applyCatalog(true);
        Map<String, String> before = live();
        assertThat(before).hasSize(16);

        installSynchook();
        Map<String, String> expected = new TreeMap<>(before);
        expected.putAll(NotificationsInstallTest.synchookKeys());
        assertThat(live()).isEqualTo(expected);

        installSynchook(); // again: nothing changes
        assertThat(live()).isEqualTo(expected);

        // upgrading the catalog the same way leaves synchook's keys where they are
        applyCatalog(false);
        assertThat(live()).isEqualTo(expected);
    }
}
