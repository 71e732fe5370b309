package dev.synchook.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.SynchookException;
import dev.synchook.context.ApplicationFacts;
import dev.synchook.context.ContextInputs;
import dev.synchook.context.Discovery;
import dev.synchook.context.ImageSelector;
import dev.synchook.context.SyncContext;
import dev.synchook.context.SyncContextResolver;
import dev.synchook.render.RunRequest;
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

/** The payload of the shipped Notifications template, read by the one resolver into context values; routes. No server. */
class WebhookPayloadTest {

    static final String SHA = "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39";
    static final String PREVIOUS = "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c";

    static JsonNode resource(String name) throws IOException {
        try (InputStream in = WebhookPayloadTest.class.getResourceAsStream("/webhook/" + name)) {
            return Yaml.JSON.readTree(in);
        }
    }

    static Map<ContextKey, String> plain(SyncContext context) {
        return context.values().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().value()));
    }

    /** A notification through the one resolver, with no cluster to read. */
    static SyncContext resolve(JsonNode payload, Discovery discovery) {
        Notification notice = Notification.read(payload);
        return new SyncContextResolver().resolve(new ContextInputs(Map.of(), Map.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), notice.applicationNamespace(), Optional.of(notice.snapshot()), discovery));
    }

    @Test
    void theRenderedTemplateGivesEveryValueWithItsField() throws IOException {
        SyncContext context = resolve(resource("notification-guestbook-succeeded.json"), Discovery.OFF);

        assertThat(plain(context)).containsAllEntriesOf(Map.ofEntries(
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
                Map.entry(ContextKey.PREVIOUS_REVISION, PREVIOUS),
                Map.entry(ContextKey.IMAGE, "ghcr.io/acme/guestbook:1.4.2"),
                Map.entry(ContextKey.IMAGE_TAG, "1.4.2")));
        assertThat(context.values().get(ContextKey.REVISION).source()).isEqualTo("payload operation.syncResult.revision");
        assertThat(context.values().get(ContextKey.PREVIOUS_REVISION).source()).isEqualTo("payload history[0].revision");
        assertThat(context.values().get(ContextKey.PHASE).source()).isEqualTo("payload operation.phase");
        assertThat(context.values().get(ContextKey.APP_NAMESPACE).source()).isEqualTo("payload app.destinationNamespace");
        assertThat(context.values().get(ContextKey.IMAGE).source()).isEqualTo("payload images");
        assertThat(Notification.read(resource("notification-guestbook-succeeded.json")).applicationNamespace())
                .contains(new Sourced("argocd", "payload app.namespace"));
    }

    /** One reader: the notification and the Application it was rendered from give the same values by the same rules. */
    @Test
    void theNotificationAndItsApplicationGiveTheSameValues() throws IOException {
        SyncContext notified = resolve(resource("notification-guestbook-succeeded.json"), Discovery.OFF);
        JsonNode app = resource("application-guestbook.json");
        SyncContext discovered = new SyncContextResolver().resolve(new ContextInputs(
                Map.of(ContextKey.APP_NAME, new Sourced("guestbook", "flag --app")), Map.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Discovery.DEFAULT),
                java.util.EnumSet.allOf(ContextKey.class), new dev.synchook.context.ClusterReader() {
                    @Override
                    public Read job(String namespace, String name) {
                        return Read.missing("not found");
                    }

                    @Override
                    public Read application(String namespace, String name) {
                        return Read.found(app);
                    }
                });
        assertThat(plain(discovered)).isEqualTo(plain(notified));
        assertThat(discovered.values().get(ContextKey.REVISION).source())
                .isEqualTo("application argocd/guestbook .status.operationState.syncResult.revision");
    }

    /** Every key of the hand-rendered payload is one the template writes, and the other way round. */
    @Test
    void theHandRenderedPayloadHasTheKeysOfTheShippedTemplate() throws IOException {
        JsonNode cm = Yaml.MAPPER.readTree(Files.readString(
                Path.of("manifests/argocd/notifications/argocd-notifications-cm.patch.yaml")));
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
            SyncContext context = resolve(payload, Discovery.OFF);
            assertThat(context.value(ContextKey.PHASE)).contains(SyncPhase.SYNC_FAIL.argoName());
            assertThat(context.value(ContextKey.PREVIOUS_REVISION)).contains(SHA);
        }
    }

    @Test
    void aRunningOperationIsRefused() throws IOException {
        ObjectNode payload = (ObjectNode) resource("notification-guestbook-succeeded.json");
        ((ObjectNode) payload.path("operation")).put("phase", "Running");
        assertThatThrownBy(() -> Notification.read(payload)).isInstanceOf(WebhookException.class)
                .hasMessageContaining("operation.phase").hasMessageContaining("not a finished operation");
    }

    /** Multi-source: the first source without ref, as for the hook; "revision": "" counts as absent; every source's revision too. */
    @Test
    void multiSourceAppsFollowTheOneSourceRule() throws IOException {
        ObjectNode payload = (ObjectNode) Yaml.JSON.readTree("""
                {"app": {"name": "multi"}, "operation": {"phase": "Succeeded", "startedAt": "2025-11-23T12:13:20.500+01:00",
                 "initiatedBy": {"username": "alice"},
                 "syncResult": {"revision": "", "revisions": ["abc1234def", "4.2.0"], "source": null,
                   "sources": [{"repoURL": "https://git/values.git", "path": null, "targetRevision": "HEAD", "chart": null, "ref": "values"},
                               {"repoURL": "https://charts", "path": null, "targetRevision": "4.2.0", "chart": "x"}]}}}
                """);
        SyncContext context = resolve(payload, Discovery.OFF);
        assertThat(context.values().get(ContextKey.REVISION)).isEqualTo(new Sourced("4.2.0", "payload operation.syncResult.revisions[1]"));
        assertThat(context.value(ContextKey.REVISIONS)).contains("abc1234def,4.2.0");
        assertThat(context.value(ContextKey.REPO_URL)).contains("https://charts");
        assertThat(context.value(ContextKey.INITIATED_BY)).contains("alice");
        // whole seconds, UTC: the same operation identity as the hook Job's name
        assertThat(context.value(ContextKey.OPERATION_ID)).contains("1763896400");
        SyncContext byIndex = resolve(payload, new Discovery(false, "argocd", Discovery.DEFAULT_APP_LABEL,
                new ApplicationFacts.SourceSelector(Optional.empty(), Optional.of(0)), ImageSelector.NONE));
        assertThat(byIndex.value(ContextKey.REVISION)).contains("abc1234def");
    }

    @Test
    void wrongTypesNameTheField() {
        assertThatThrownBy(() -> Notification.read(Yaml.JSON.readTree("{\"app\": {\"name\": 7}}")))
                .isInstanceOf(WebhookException.class).hasMessage("app.name: is not a string");
        assertThatThrownBy(() -> Notification.read(Yaml.JSON.readTree("{\"app\": {\"name\": \"a\"}, \"images\": [1]}")))
                .isInstanceOf(WebhookException.class).hasMessage("images: is not an array of strings");
        assertThatThrownBy(() -> Notification.read(Yaml.JSON.readTree("[]")))
                .isInstanceOf(WebhookException.class).hasMessage("body: is not a JSON object");
    }

    @Test
    void routesMatchNameGlobsProjectsAndPhases() {
        Route route = new Route("routes[0]", List.of("shop-*", "api?"), List.of("retail"), List.of(SyncPhase.POST_SYNC),
                RunRequest.ofPipeline("p"), Optional.empty(), java.util.function.UnaryOperator.identity(), true);
        assertThat(route.matches("shop-cart", Optional.of("retail"), SyncPhase.POST_SYNC)).isTrue();
        assertThat(route.matches("api1", Optional.of("retail"), SyncPhase.POST_SYNC)).isTrue();
        assertThat(route.matches("api12", Optional.of("retail"), SyncPhase.POST_SYNC)).isFalse();
        assertThat(route.matches("shop-cart", Optional.of("default"), SyncPhase.POST_SYNC)).isFalse();
        assertThat(route.matches("shop-cart", Optional.empty(), SyncPhase.POST_SYNC)).isFalse();
        assertThat(route.matches("shop-cart", Optional.of("retail"), SyncPhase.SYNC_FAIL)).isFalse();
        assertThat(Route.glob("a.b*").matcher("axb").matches()).isFalse();
    }

    @Test
    void aRoutesFileTakesTheConfigFileKeysAndRefusesUnknownOnes() throws IOException {
        Path file = Files.createTempFile("routes", ".yaml");
        Files.writeString(file, "routes:\n  - apps: [a]\n    pipline: x\n");
        assertThatThrownBy(() -> RoutesFile.read(file)).isInstanceOf(SynchookException.class)
                .hasMessageContaining("routes[0]").hasMessageContaining("pipline").hasMessageContaining("not a known key");
        Files.writeString(file, """
                routes:
                  - apps: [a, "b-*"]
                    phases: [SyncFail]
                    params: ["x={{ revision }}"]
                    pipelineResolver: git
                    pipelineParams: ["url=https://git/p.git", "pathInRepo=p.yaml"]
                    keepTemplateName: true
                    labels: {team: shop}
                    imageRepository: ghcr.io/acme/web
                    sourceIndex: 1
                """);
        assertThat(RoutesFile.read(file)).singleElement().satisfies(r -> {
            assertThat(r.apps()).containsExactly("a", "b-*");
            assertThat(r.phases()).containsExactly(SyncPhase.SYNC_FAIL);
            assertThat(r.layer().params()).extracting(dev.synchook.render.Param::name).containsExactly("x");
            assertThat(r.layer().pipelineResolver()).contains("git");
            assertThat(r.layer().pipelineParams()).hasSize(2);
            assertThat(r.layer().keepTemplateName()).isTrue();
            assertThat(r.layer().labels()).containsEntry("team", "shop");
            Discovery changed = r.discovery().apply(Discovery.DEFAULT);
            assertThat(changed.images().repository()).contains("ghcr.io/acme/web");
            assertThat(changed.sources().index()).contains(1);
        });
    }

    @Test
    void aRouteMayRefuseToTrustPayloadsButNeverTrustMore() throws IOException {
        Path file = Files.createTempFile("routes", ".yaml");
        Files.writeString(file, "routes:\n  - apps: [a]\n    pipeline: x\n    trustPayload: false\n  - apps: [b]\n    pipeline: x\n");
        assertThat(RoutesFile.read(file)).extracting(Route::mayTrustPayload).containsExactly(false, true);
        Files.writeString(file, "routes:\n  - apps: [a]\n    pipeline: x\n    trustPayload: true\n");
        assertThatThrownBy(() -> RoutesFile.read(file)).isInstanceOf(SynchookException.class)
                .hasMessageContaining("routes[0].trustPayload").hasMessageContaining("synchook.webhook.trust-payload");
    }

    /** A route's image repository picks {{ image }} among the synced images, by the resolver's one rule. */
    @Test
    void theImageOfTheRoutesRepositoryElseTheOnlyOne() throws IOException {
        ObjectNode payload = (ObjectNode) resource("notification-guestbook-succeeded.json");
        payload.putArray("images").add("ghcr.io/acme/guestbook:1.4.2").add("redis:7");
        Discovery redis = new Discovery(false, "argocd", Discovery.DEFAULT_APP_LABEL, ApplicationFacts.SourceSelector.DEFAULT,
                new ImageSelector(Optional.empty(), Optional.of("redis")));
        assertThat(resolve(payload, redis).value(ContextKey.IMAGE)).contains("redis:7");
        assertThat(resolve(payload, Discovery.OFF).value(ContextKey.IMAGE)).isEmpty();
        assertThat(resolve(payload, Discovery.OFF).unresolved().get(ContextKey.IMAGE)).contains("several images");
    }
}
