package dev.synchook.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.render.Yaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * synchook's Argo CD Notifications keys live beside Argo CD's catalog: own names only, and each way to
 * install them (kustomize component, Helm values; the merge patch in NotificationsInstallClusterTest)
 * adds keys and removes none.
 */
class NotificationsInstallTest {

    static final Path DIR = ManifestsTest.PROJECT.resolve("manifests/argocd/notifications");
    static final Path PATCH = DIR.resolve("argocd-notifications-cm.patch.yaml");
    static final Path CATALOG = ManifestsTest.PROJECT.resolve("src/test/resources/argocd/notifications-catalog-cm.yaml");

    static Map<String, String> data(JsonNode configMap) {
        Map<String, String> data = new TreeMap<>();
        configMap.path("data").properties().forEach(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    static Map<String, String> synchookKeys() throws Exception {
        return data(Yaml.MAPPER.readTree(PATCH.toFile()));
    }

    static Map<String, String> catalogKeys() throws Exception {
        return data(Yaml.MAPPER.readTree(CATALOG.toFile()));
    }

    @Test
    void everyKeyIsSynchooksOwnAndNoneIsTheCatalogs() throws Exception {
        Map<String, String> ours = synchookKeys();
        assertThat(ours.keySet()).containsExactlyInAnyOrder("service.webhook.synchook", "template.synchook-sync",
                "trigger.synchook-on-sync-succeeded", "trigger.synchook-on-sync-failed");
        assertThat(ours.keySet()).doesNotContainAnyElementsOf(catalogKeys().keySet());
        // the triggers send synchook's template, which calls synchook's service
        for (String trigger : List.of("trigger.synchook-on-sync-succeeded", "trigger.synchook-on-sync-failed")) {
            JsonNode conditions = Yaml.MAPPER.readTree(ours.get(trigger));
            assertThat(conditions.path(0).path("send").toString()).isEqualTo("[\"synchook-sync\"]");
            assertThat(conditions.path(0).path("oncePer").asText()).isEqualTo("app.status.operationState?.startedAt");
        }
        assertThat(Yaml.MAPPER.readTree(ours.get("template.synchook-sync")).path("webhook").has("synchook")).isTrue();
        String subscribe = Files.readString(DIR.resolve("subscribe-application.patch.yaml"));
        assertThat(subscribe).contains("notifications.argoproj.io/subscribe.synchook-on-sync-succeeded.synchook: \"\"")
                .contains("notifications.argoproj.io/subscribe.synchook-on-sync-failed.synchook: \"\"");
    }

    /** A user's kustomization with the catalog, plus the component: the catalog's keys stay, synchook's are added. */
    @Test
    void theKustomizeComponentAddsKeysToTheUsersConfigMapAndRemovesNone(@TempDir Path user) throws Exception {
        Files.copy(CATALOG, user.resolve("argocd-notifications-cm.yaml"));
        Files.writeString(user.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: argocd
                resources:
                  - argocd-notifications-cm.yaml
                components:
                  - %s
                """.formatted(user.relativize(DIR)));

        List<JsonNode> objects = ManifestsTest.render(user);

        assertThat(objects).hasSize(1);
        Map<String, String> expected = new TreeMap<>(catalogKeys());
        expected.putAll(synchookKeys());
        assertThat(data(objects.get(0))).isEqualTo(expected);
        assertThat(objects.get(0).path("metadata").path("namespace").asText()).isEqualTo("argocd");
    }

    /** The argo-cd Helm chart's values carry exactly the keys and values of the patch. */
    @Test
    void theHelmValuesAreThePatchsKeys() throws Exception {
        JsonNode notifications = Yaml.MAPPER.readTree(DIR.resolve("helm-values.yaml").toFile()).path("notifications");
        Map<String, String> values = new LinkedHashMap<>();
        for (String map : List.of("notifiers", "templates", "triggers")) {
            values.putAll(data(((ObjectNode) Yaml.MAPPER.createObjectNode()).set("data", notifications.path(map))));
        }
        assertThat(new TreeMap<>(values)).isEqualTo(synchookKeys());
        assertThat(notifications.path("notifiers").has("service.webhook.synchook")).isTrue();
        assertThat(notifications.path("templates").has("template.synchook-sync")).isTrue();
    }
}
