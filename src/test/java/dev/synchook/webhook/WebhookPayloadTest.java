package dev.synchook.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.SynchookException;
import dev.synchook.context.ContextKey;
import dev.synchook.context.Sourced;
import dev.synchook.context.SyncPhase;
import dev.synchook.render.Yaml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The payload of the shipped Notifications template, read into context values; routes. No server. */
class WebhookPayloadTest {

    static final String SHA = "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39";
    static final String PREVIOUS = "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c";

    static JsonNode resource(String name) throws IOException {
        try (InputStream in = WebhookPayloadTest.class.getResourceAsStream("/webhook/" + name)) {
            return Yaml.JSON.readTree(in);
        }
    }

    static Map<ContextKey, String> plain(SyncNotice notice) {
        return notice.values().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().value()));
    }

    @Test
    void theRenderedTemplateGivesEveryValueWithItsField() throws IOException {
        SyncNotice notice = NoticeReader.read(resource("notification-guestbook-succeeded.json"), "payload");

        assertThat(plain(notice)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry(ContextKey.APP_NAME, "guestbook"),
                Map.entry(ContextKey.APP_PROJECT, "default"),
                Map.entry(ContextKey.APP_NAMESPACE, "guestbook"),
                Map.entry(ContextKey.PHASE, "PostSync"),
                Map.entry(ContextKey.OPERATION_ID, "1763900000"),
                Map.entry(ContextKey.OPERATION_STARTED_AT, "2025-11-23T12:13:20Z"),
                Map.entry(ContextKey.INITIATED_BY, "automated"),
                Map.entry(ContextKey.REVISION, SHA),
                Map.entry(ContextKey.REPO_URL, "https://github.com/acme/guestbook-config.git"),
                Map.entry(ContextKey.SOURCE_PATH, "overlays/prod"),
                Map.entry(ContextKey.TARGET_REVISION, "main"),
                Map.entry(ContextKey.PREVIOUS_REVISION, PREVIOUS)));
        assertThat(notice.values().get(ContextKey.REVISION).source()).isEqualTo("payload operation.syncResult.revision");
        assertThat(notice.values().get(ContextKey.PREVIOUS_REVISION).source()).isEqualTo("payload history[0].revision");
        assertThat(notice.images()).containsExactly("ghcr.io/acme/guestbook:1.4.2");
        assertThat(notice.applicationNamespace()).contains("argocd");
    }

    @Test
    void theApplicationReadAsAPayloadGivesTheSameValuesAsTheTemplate() throws IOException {
        ObjectNode fromApplication = ApplicationPayload.of(resource("application-guestbook.json"));
        SyncNotice discovered = NoticeReader.read(fromApplication, "application argocd/guestbook");
        SyncNotice notified = NoticeReader.read(resource("notification-guestbook-succeeded.json"), "payload");

        assertThat(plain(discovered)).isEqualTo(plain(notified));
        assertThat(discovered.images()).isEqualTo(notified.images());
        assertThat(discovered.values().get(ContextKey.REVISION).source())
                .isEqualTo("application argocd/guestbook operation.syncResult.revision");
    }

    /** Every key of the hand-rendered payload is one the template writes, and the other way round. */
    @Test
    void theHandRenderedPayloadHasTheKeysOfTheShippedTemplate() throws IOException {
        JsonNode cm = Yaml.MAPPER.readTree(Files.readString(
                Path.of("manifests/argocd/notifications/argocd-notifications-cm.yaml")));
        String body = Yaml.MAPPER.readTree(cm.path("data").path("template.synchook-sync").asText())
                .path("webhook").path("synchook").path("body").asText();
        assertThat(Yaml.MAPPER.readTree(cm.path("data").path("template.synchook-sync").asText())
                .path("webhook").path("synchook").path("path").asText()).isEqualTo("/v1/argocd/sync");
        Matcher keys = Pattern.compile("\"([A-Za-z]+)\":").matcher(body);
        java.util.Set<String> templateKeys = new java.util.TreeSet<>();
        while (keys.find()) {
            templateKeys.add(keys.group(1));
        }
        java.util.Set<String> sampleKeys = new java.util.TreeSet<>();
        collectKeys(resource("notification-guestbook-succeeded.json"), sampleKeys);
        assertThat(sampleKeys).isEqualTo(templateKeys.stream().filter(k -> !k.equals("automated")).collect(Collectors.toCollection(java.util.TreeSet::new)));
    }

    private static void collectKeys(JsonNode node, java.util.Set<String> keys) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                if (!name.equals("automated")) {
                    keys.add(name);
                }
            });
        }
        node.forEach(child -> collectKeys(child, keys));
    }

    @Test
    void failedAndErrorAreSyncFailAndTheLastHistoryEntryIsThePreviousDeploy() throws IOException {
        for (String phase : List.of("Failed", "Error")) {
            ObjectNode payload = (ObjectNode) resource("notification-guestbook-succeeded.json");
            ((ObjectNode) payload.path("operation")).put("phase", phase);
            ((ObjectNode) payload.path("operation").path("syncResult")).put("revision", "9".repeat(40));
            SyncNotice notice = NoticeReader.read(payload, "payload");
            assertThat(notice.value(ContextKey.PHASE)).contains(SyncPhase.SYNC_FAIL.argoName());
            assertThat(notice.value(ContextKey.PREVIOUS_REVISION)).contains(SHA);
        }
    }

    @Test
    void multiSourceAppsUseTheFirstRevisionAndSource() throws IOException {
        ObjectNode payload = (ObjectNode) Yaml.JSON.readTree("""
                {"app": {"name": "multi"}, "operation": {"phase": "Succeeded", "startedAt": "2025-11-23T12:13:20.500+01:00",
                 "initiatedBy": {"username": "alice"},
                 "syncResult": {"revision": null, "revisions": ["abc1234def", "1.2.3"], "source": null,
                   "sources": [{"repoURL": "https://git/a.git", "path": "app", "targetRevision": "HEAD", "chart": null},
                               {"repoURL": "https://charts", "path": null, "targetRevision": "1.2.3", "chart": "x"}]}}}
                """);
        SyncNotice notice = NoticeReader.read(payload, "payload");
        assertThat(notice.value(ContextKey.REVISION)).contains("abc1234def");
        assertThat(notice.values().get(ContextKey.REVISION)).isEqualTo(new Sourced("abc1234def", "payload operation.syncResult.revisions[0]"));
        assertThat(notice.value(ContextKey.REPO_URL)).contains("https://git/a.git");
        assertThat(notice.value(ContextKey.INITIATED_BY)).contains("alice");
        // whole seconds, UTC: the same operation identity as the hook Job's name
        assertThat(notice.value(ContextKey.OPERATION_ID)).contains("1763896400");
    }

    @Test
    void wrongTypesNameTheField() {
        assertThatThrownBy(() -> NoticeReader.read(Yaml.JSON.readTree("{\"app\": {\"name\": 7}}"), "payload"))
                .isInstanceOf(WebhookException.class).hasMessage("app.name: is not a string");
        assertThatThrownBy(() -> NoticeReader.read(Yaml.JSON.readTree("[]"), "payload"))
                .isInstanceOf(WebhookException.class).hasMessage("body: is not a JSON object");
    }

    @Test
    void routesMatchNameGlobsProjectsAndPhases() {
        Route route = new Route(List.of("shop-*", "api?"), List.of("retail"), List.of(SyncPhase.POST_SYNC), Optional.of("p"), Optional.empty(),
                Optional.empty(), List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(route.matches("shop-cart", Optional.of("retail"), SyncPhase.POST_SYNC)).isTrue();
        assertThat(route.matches("api1", Optional.of("retail"), SyncPhase.POST_SYNC)).isTrue();
        assertThat(route.matches("api12", Optional.of("retail"), SyncPhase.POST_SYNC)).isFalse();
        assertThat(route.matches("shop-cart", Optional.of("default"), SyncPhase.POST_SYNC)).isFalse();
        assertThat(route.matches("shop-cart", Optional.empty(), SyncPhase.POST_SYNC)).isFalse();
        assertThat(route.matches("shop-cart", Optional.of("retail"), SyncPhase.SYNC_FAIL)).isFalse();
        assertThat(Route.glob("a.b*").matcher("axb").matches()).isFalse();
    }

    @Test
    void aRoutesFileWithAnUnknownKeyIsRefused() throws IOException {
        Path file = Files.createTempFile("routes", ".yaml");
        Files.writeString(file, "routes:\n  - apps: [a]\n    pipline: x\n");
        assertThatThrownBy(() -> RoutesFile.read(file)).isInstanceOf(SynchookException.class)
                .hasMessageContaining("routes[0].pipline").hasMessageContaining("unknown key");
        Files.writeString(file, "routes:\n  - apps: [a, \"b-*\"]\n    phases: [SyncFail]\n    params: [\"x={{ revision }}\"]\n");
        assertThat(RoutesFile.read(file)).singleElement().satisfies(r -> {
            assertThat(r.apps()).containsExactly("a", "b-*");
            assertThat(r.phases()).containsExactly(SyncPhase.SYNC_FAIL);
            assertThat(r.params()).containsExactly("x={{ revision }}");
        });
    }

    @Test
    void theImageOfTheRoutesRepositoryElseTheOnlyOne() {
        List<String> images = List.of("ghcr.io/acme/guestbook:1.4.2", "redis:7");
        assertThat(SyncReceiver.chooseImage(images, Optional.of("redis"))).map(Sourced::value).contains("redis:7");
        assertThat(SyncReceiver.chooseImage(images, Optional.empty())).isEmpty();
        assertThat(SyncReceiver.chooseImage(images.subList(0, 1), Optional.empty())).map(Sourced::value)
                .contains("ghcr.io/acme/guestbook:1.4.2");
    }
}
