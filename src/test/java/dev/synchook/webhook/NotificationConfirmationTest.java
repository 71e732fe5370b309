package dev.synchook.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.context.ClusterReader;
import dev.synchook.context.Confirmation;
import dev.synchook.context.ContextInputs;
import dev.synchook.context.Discovery;
import dev.synchook.context.OperationRecord;
import dev.synchook.context.SyncContext;
import dev.synchook.context.SyncContextResolver;
import dev.synchook.plan.RunPlanner;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A notification against the live Application's record of its operation, through the one resolver. No server. */
class NotificationConfirmationTest {

    private static final String SHA = WebhookPayloadTest.SHA;
    private static final String PREVIOUS = WebhookPayloadTest.PREVIOUS;

    /** Serves one Application (or a problem) and counts the reads. */
    static final class OneApplication implements ClusterReader {
        final List<String> reads = new ArrayList<>();
        private final Read answer;

        OneApplication(Read answer) {
            this.answer = answer;
        }

        @Override
        public Read job(String namespace, String name) {
            reads.add("job " + namespace + "/" + name);
            return Read.missing("not found");
        }

        @Override
        public Read application(String namespace, String name) {
            reads.add("application " + namespace + "/" + name);
            return answer;
        }
    }

    static SyncContext resolve(JsonNode payload, ClusterReader cluster) {
        Notification notice = Notification.read(payload);
        return new SyncContextResolver().resolve(new ContextInputs(Map.of(), Map.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), notice.applicationNamespace(), Optional.of(notice.snapshot()), Discovery.DEFAULT),
                SyncContextResolver.IDENTITY, cluster);
    }

    static Confirmation confirm(JsonNode payload) throws IOException {
        return resolve(payload, new OneApplication(ClusterReader.Read.found(WebhookPayloadTest.resource("application-guestbook.json"))))
                .confirmation().orElseThrow();
    }

    static ObjectNode genuine() throws IOException {
        return (ObjectNode) WebhookPayloadTest.resource("notification-guestbook-succeeded.json");
    }

    @Test
    void theGenuineNotificationIsConfirmedByTheCurrentOperation() throws IOException {
        Confirmation confirmation = confirm(genuine());
        assertThat(confirmation.outcome()).isEqualTo(Confirmation.Outcome.CONFIRMED);
        assertThat(confirmation.record()).isEqualTo("application argocd/guestbook .status.operationState");
    }

    @Test
    void eachForgedValueIsADisagreementNamingTheField() throws IOException {
        record Forgery(String path, Object value, String field, String actualPath) {
        }
        for (Forgery forgery : List.of(
                new Forgery("operation.syncResult.revision", "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef",
                        "operation.syncResult.revision", "status.operationState.syncResult.revision"),
                new Forgery("operation.syncResult.source.repoURL", "https://github.com/evil/guestbook-config.git",
                        "operation.syncResult.source.repoURL", "status.operationState.syncResult.source.repoURL"),
                new Forgery("operation.syncResult.source.path", "overlays/evil", "operation.syncResult.source.path",
                        "status.operationState.syncResult.source.path"),
                new Forgery("images", List.of("ghcr.io/evil/guestbook:6.6.6"), "images", "status.operationState.syncResult.resources[].images, status.summary.images"),
                new Forgery("operation.phase", "Failed", "operation.phase", "status.operationState.phase"),
                new Forgery("app.project", "retail", "app.project", "spec.project"),
                new Forgery("app.destinationNamespace", "kube-system", "app.destinationNamespace", "spec.destination.namespace"),
                new Forgery("history", List.of(Map.of("id", 8, "revision", "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef")),
                        "history[0].revision", "status.history[]"))) {
            ObjectNode payload = WebhookSyncTest.with(genuine(), forgery.path(), forgery.value());
            Confirmation confirmation = confirm(payload);
            assertThat(confirmation.outcome()).as(forgery.path()).isEqualTo(Confirmation.Outcome.DISAGREES);
            OperationRecord.Disagreement first = confirmation.disagreements().get(0);
            assertThat(Notification.fieldOf(first.path())).as(forgery.path()).isEqualTo(forgery.field());
            assertThat(first.actualPath()).as(forgery.path()).isEqualTo(forgery.actualPath());
        }
    }

    @Test
    void aRepoUrlSpelledDifferentlyIsTheSameRepository() throws IOException {
        ObjectNode payload = WebhookSyncTest.with(genuine(), "operation.syncResult.source.repoURL",
                "https://github.com/acme/guestbook-config/");
        assertThat(confirm(payload).outcome()).isEqualTo(Confirmation.Outcome.CONFIRMED);
    }

    @Test
    void anOperationInTheHistoryIsCheckedAgainstItsEntry() throws IOException {
        // history[0]: PREVIOUS, deployStartedAt 2025-11-22T09:00:00Z
        ObjectNode late = WebhookSyncTest.with(genuine(), "operation.startedAt", "2025-11-22T09:00:00Z");
        WebhookSyncTest.with(late, "operation.syncResult.revision", PREVIOUS);
        Confirmation confirmation = confirm(late);
        assertThat(confirmation.outcome()).isEqualTo(Confirmation.Outcome.CONFIRMED);
        assertThat(confirmation.record()).endsWith(".status.history[0]");

        // the same old operation claimed with the current revision
        ObjectNode forged = WebhookSyncTest.with(genuine(), "operation.startedAt", "2025-11-22T09:00:00Z");
        Confirmation refused = confirm(forged);
        assertThat(refused.outcome()).isEqualTo(Confirmation.Outcome.DISAGREES);
        assertThat(refused.disagreements().get(0).actual()).isEqualTo(PREVIOUS);
        assertThat(refused.disagreements().get(0).actualPath()).isEqualTo("status.history[0].revision");

        // history holds successful syncs only
        ObjectNode failed = WebhookSyncTest.with(late.deepCopy(), "operation.phase", "Failed");
        assertThat(confirm(failed).outcome()).isEqualTo(Confirmation.Outcome.DISAGREES);
    }

    @Test
    void anOperationTheApplicationNeverRecordedIsUnconfirmed() throws IOException {
        ObjectNode payload = WebhookSyncTest.with(genuine(), "operation.startedAt", Instant.ofEpochSecond(1_700_000_000L).toString());
        Confirmation confirmation = confirm(payload);
        assertThat(confirmation.outcome()).isEqualTo(Confirmation.Outcome.UNCONFIRMED);
        assertThat(confirmation.record()).contains("no status.history entry has deployStartedAt 2023-11-14T22:13:20Z");
    }

    @Test
    void aMissingApplicationIsUnconfirmedAndAForbiddenOneUnreadable() throws IOException {
        assertThat(resolve(genuine(), new OneApplication(ClusterReader.Read.missing("not found"))).confirmation().orElseThrow()
                .outcome()).isEqualTo(Confirmation.Outcome.UNCONFIRMED);
        Confirmation forbidden = resolve(genuine(), new OneApplication(ClusterReader.Read.missing(
                "forbidden: get applications.argoproj.io guestbook in namespace argocd"))).confirmation().orElseThrow();
        assertThat(forbidden.outcome()).isEqualTo(Confirmation.Outcome.UNREADABLE);
        assertThat(forbidden.record()).contains("forbidden");
    }

    @Test
    void withoutDiscoveryNothingIsCheckedAndTheHookIsNeverChecked() throws IOException {
        assertThat(WebhookPayloadTest.resolve(genuine(), Discovery.OFF).confirmation().orElseThrow().outcome())
                .isEqualTo(Confirmation.Outcome.NOT_CHECKED);
        SyncContext hook = new SyncContextResolver().resolve(new ContextInputs(Map.of(), Map.of("ARGOCD_APP_NAME", "guestbook"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Discovery.DEFAULT), SyncContextResolver.IDENTITY, new OneApplication(ClusterReader.Read.missing("not found")));
        assertThat(hook.confirmation()).isEmpty();
    }

    @Test
    void onePlanReadsTheApplicationOnceEvenThoughNothingIsMissing() throws IOException {
        OneApplication cluster = new OneApplication(ClusterReader.Read.found(WebhookPayloadTest.resource("application-guestbook.json")));
        Notification notice = Notification.read(genuine());
        ContextInputs inputs = new ContextInputs(Map.of(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), notice.applicationNamespace(), Optional.of(notice.snapshot()), Discovery.DEFAULT);
        List<Confirmation> seen = new ArrayList<>();
        new RunPlanner().plan(inputs, cluster, Set.of(), identity -> {
            seen.add(identity.confirmation().orElseThrow());
            return Optional.empty();
        });
        assertThat(seen).singleElement().extracting(Confirmation::outcome).isEqualTo(Confirmation.Outcome.CONFIRMED);
        assertThat(cluster.reads).containsExactly("application argocd/guestbook");
    }
}
