package dev.synchook.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.context.ClusterReader;
import dev.synchook.context.ContextInputs;
import dev.synchook.context.ContextKey;
import dev.synchook.context.Discovery;
import dev.synchook.context.Sourced;
import dev.synchook.context.SyncContext;
import dev.synchook.context.SyncContextResolver;
import dev.synchook.render.Yaml;
import dev.synchook.testing.NotificationTemplate;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped Notifications configuration as Argo CD evaluates it: tools/notifications-render (Go's
 * text/template with sprig for the template, expr for the triggers' {@code when} and {@code oncePer}) over
 * Application objects, succeeded and failed, with and without a sync result, single- and multi-source.
 * The bodies are what the receiver reads, and they say what the Application says.
 */
class NotificationsRenderTest {

    static final Path CONFIG = Path.of("manifests/argocd/notifications/argocd-notifications-cm.patch.yaml");
    static final Path TOOL = Path.of("target/notifications-render");
    static final String SUCCEEDED = "trigger.synchook-on-sync-succeeded";
    static final String FAILED = "trigger.synchook-on-sync-failed";

    @TempDir
    static Path work;

    /** Builds the tool from Debian's Go packages (.ci/run installs them), in GOPATH mode: no module download. */
    @BeforeAll
    static void buildTheTool() throws Exception {
        Path gopath = work.resolve("gopath");
        ProcessBuilder build = new ProcessBuilder("go", "build", "-o", TOOL.toString(), "./tools/notifications-render")
                .redirectErrorStream(true);
        build.environment().put("GO111MODULE", "off");
        build.environment().put("GOPATH", gopath + File.pathSeparator + "/usr/share/gocode");
        build.environment().put("GOCACHE", work.resolve("gocache").toString());
        build.environment().put("GOFLAGS", "");
        Process process;
        try {
            process = build.start();
        } catch (IOException e) {
            throw new AssertionError("Go is needed to render the Notifications template as Argo CD does: apt-get install golang-go "
                    + "golang-github-masterminds-sprig-dev golang-github-antonmedv-expr-dev golang-gopkg-yaml.v3-dev (.ci/run does)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("go build tools/notifications-render:\n" + output).isZero();
    }

    static JsonNode run(JsonNode application) throws Exception {
        Path app = Files.createTempFile(work, "app", ".json");
        Files.writeString(app, application.toString());
        Process process = new ProcessBuilder(TOOL.toString(), CONFIG.toString(), app.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isZero();
        return Yaml.JSON.readTree(out);
    }

    static ObjectNode fixture(String resource, String phase) throws IOException {
        try (InputStream in = NotificationsRenderTest.class.getResourceAsStream(resource)) {
            ObjectNode app = (ObjectNode) Yaml.JSON.readTree(in);
            ((ObjectNode) app.path("status").path("operationState")).put("phase", phase);
            return app;
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "/webhook/application-guestbook.json,      Succeeded",
        "/applications/single-source.json,         Failed",
        "/applications/no-sync-result.json,        Failed",
        "/applications/no-sync-result.json,        Error",
        "/applications/multi-source.json,          Succeeded",
        "/applications/helm.json,                  Succeeded",
        "/applications/oci.json,                   Error",
    })
    void argoCdRendersABodyTheReceiverReadsAsTheApplicationSays(String resource, String phase) throws Exception {
        ObjectNode app = fixture(resource, phase);
        JsonNode result = run(app);

        // the trigger of the phase fires, once per operation: oncePer evaluates, to the operation's start
        String startedAt = app.path("status").path("operationState").path("startedAt").asText();
        for (String trigger : List.of(SUCCEEDED, FAILED)) {
            JsonNode condition = result.path("triggers").path(trigger).path(0);
            assertThat(condition.path("whenError").asText("")).as(trigger).isEmpty();
            assertThat(condition.path("triggered").asBoolean()).as(trigger)
                    .isEqualTo(trigger.equals(SUCCEEDED) == phase.equals("Succeeded"));
            assertThat(condition.path("oncePerError").asText("")).as(trigger).isEmpty();
            assertThat(condition.path("oncePerValue").asText()).as(trigger).isEqualTo(startedAt);
        }

        // the body is JSON, field for field what the Java-side helper (used by the receiver tests) sends
        JsonNode webhook = result.path("templates").path("template.synchook-sync").path("webhook").path("synchook");
        assertThat(webhook.path("error").asText("")).isEmpty();
        assertThat(webhook.path("path").asText()).isEqualTo("/v1/argocd/sync");
        JsonNode body = Yaml.JSON.readTree(webhook.path("body").asText());
        assertThat(body).isEqualTo(NotificationTemplate.render(app));

        // the receiver reads it into the values the hook door reads from the Application itself
        Notification notice = Notification.read(body);
        SyncContext notified = new SyncContextResolver().resolve(new ContextInputs(Map.of(), Map.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), notice.applicationNamespace(), Optional.of(notice.snapshot()),
                Discovery.OFF));
        SyncContext discovered = new SyncContextResolver().resolve(new ContextInputs(
                Map.of(ContextKey.APP_NAME, new Sourced(app.path("metadata").path("name").asText(), "flag --app")), Map.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Discovery.DEFAULT), EnumSet.allOf(ContextKey.class), new ClusterReader() {
                    @Override
                    public Read job(String namespace, String name) {
                        return Read.missing("no job");
                    }

                    @Override
                    public Read application(String namespace, String name) {
                        return Read.found(app);
                    }
                });
        for (ContextKey key : List.of(ContextKey.APP_NAME, ContextKey.REVISION, ContextKey.REVISIONS, ContextKey.REPO_URL,
                ContextKey.SOURCE_PATH, ContextKey.TARGET_REVISION, ContextKey.OPERATION_ID, ContextKey.OPERATION_STARTED_AT,
                ContextKey.PHASE, ContextKey.INITIATED_BY, ContextKey.PREVIOUS_REVISION)) {
            assertThat(notified.value(key)).as(key.name()).isEqualTo(discovered.value(key));
        }
        assertThat(notified.value(ContextKey.REVISION)).as("revision").isPresent();
    }

    @Test
    void anApplicationWithNoOperationTriggersNothingAndNothingFailsToEvaluate() throws Exception {
        ObjectNode app = fixture("/webhook/application-guestbook.json", "Succeeded");
        ((ObjectNode) app.path("status")).remove("operationState");
        JsonNode result = run(app);
        for (String trigger : List.of(SUCCEEDED, FAILED)) {
            JsonNode condition = result.path("triggers").path(trigger).path(0);
            assertThat(condition.path("triggered").asBoolean()).isFalse();
            assertThat(condition.path("whenError").asText("")).isEmpty();
        }
        JsonNode webhook = result.path("templates").path("template.synchook-sync").path("webhook").path("synchook");
        assertThat(webhook.path("error").asText("")).isEmpty();
        assertThat(Yaml.JSON.readTree(webhook.path("body").asText())).isEqualTo(NotificationTemplate.render(app));
    }

    /** The sample payload other tests send is the rendering of the sample Application. */
    @Test
    void theSamplePayloadIsWhatTheTemplateRenders() throws Exception {
        JsonNode result = run(fixture("/webhook/application-guestbook.json", "Succeeded"));
        String body = result.path("templates").path("template.synchook-sync").path("webhook").path("synchook").path("body").asText();
        assertThat(body).isEqualTo(Files.readString(Path.of("src/test/resources/webhook/notification-guestbook-succeeded.json")));
    }
}
