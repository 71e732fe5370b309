package dev.synchook.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The discovery chain against Application fixtures shaped like the upstream CRD, counting every read. */
class DiscoveryTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SHA = "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39";
    private static final Set<ContextKey> RUN_NEEDS = EnumSet.of(ContextKey.APP_NAME, ContextKey.REVISION, ContextKey.PHASE,
            ContextKey.OPERATION_ID);

    /** A cluster of fixtures that records each read and can refuse one kind. */
    static final class FakeCluster implements ClusterReader {
        final Map<String, JsonNode> jobs = new HashMap<>();
        final Map<String, JsonNode> applications = new HashMap<>();
        final List<String> reads = new ArrayList<>();
        String forbidApplications;

        @Override
        public Read job(String namespace, String name) {
            reads.add("job " + namespace + "/" + name);
            return Optional.ofNullable(jobs.get(namespace + "/" + name)).map(Read::found).orElse(Read.missing("not found"));
        }

        @Override
        public Read application(String namespace, String name) {
            reads.add("application " + namespace + "/" + name);
            if (forbidApplications != null) {
                return Read.missing(forbidApplications);
            }
            return Optional.ofNullable(applications.get(namespace + "/" + name)).map(Read::found).orElse(Read.missing("not found"));
        }
    }

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = DiscoveryTest.class.getResourceAsStream("/applications/" + name + ".json")) {
            return JSON.readTree(in);
        }
    }

    /** A hook Job the way Argo CD leaves it: annotation tracking id, hook annotation, a UID. */
    static ObjectNode hookJob(String namespace, String name, String trackingApp) {
        ObjectNode job = JSON.createObjectNode();
        ObjectNode metadata = job.putObject("metadata").put("name", name).put("namespace", namespace).put("uid", "7c1e-uid");
        ObjectNode annotations = metadata.putObject("annotations");
        annotations.put("argocd.argoproj.io/hook", "PostSync");
        if (trackingApp != null) {
            annotations.put("argocd.argoproj.io/tracking-id", trackingApp + ":batch/Job:" + namespace + "/" + name);
        }
        return job;
    }

    private final SyncContextResolver resolver = new SyncContextResolver();

    private static ContextInputs hook(Map<ContextKey, Sourced> explicit, Discovery discovery) {
        return new ContextInputs(explicit, Map.of(), Optional.of(new Sourced("synchook-postsync", "env SYNCHOOK_JOB_NAME")),
                Optional.empty(), Optional.of(new Sourced("guestbook", "env SYNCHOOK_POD_NAMESPACE")), Optional.empty(), Optional.empty(), Optional.empty(), discovery);
    }

    @Test
    void aHookWithNothingExplicitFindsEverythingInTwoReads() throws Exception {
        FakeCluster cluster = new FakeCluster();
        cluster.jobs.put("guestbook/synchook-postsync", hookJob("guestbook", "synchook-postsync", "guestbook"));
        cluster.applications.put("argocd/guestbook", fixture("single-source"));
        Discovery discovery = new Discovery(true, "argocd", Discovery.DEFAULT_APP_LABEL, ApplicationFacts.SourceSelector.DEFAULT,
                new ImageSelector(Optional.of("Deployment/guestbook-ui"), Optional.empty()));
        Set<ContextKey> needs = EnumSet.copyOf(RUN_NEEDS);
        needs.addAll(List.of(ContextKey.IMAGE_TAG, ContextKey.REPO_URL, ContextKey.PREVIOUS_REVISION, ContextKey.INITIATED_BY));

        SyncContext context = resolver.resolve(hook(Map.of(), discovery), needs, cluster);

        assertThat(cluster.reads).containsExactly("job guestbook/synchook-postsync", "application argocd/guestbook");
        assertThat(context.values().get(ContextKey.APP_NAME)).isEqualTo(new Sourced("guestbook",
                "job guestbook/synchook-postsync annotation argocd.argoproj.io/tracking-id"));
        assertThat(context.values().get(ContextKey.REVISION)).isEqualTo(new Sourced(SHA,
                "application argocd/guestbook .status.operationState.syncResult.revision"));
        assertThat(context.value(ContextKey.REVISION_SHORT)).contains("4f2a9c1");
        assertThat(context.value(ContextKey.REPO_URL)).contains("https://github.com/acme/guestbook-config.git");
        assertThat(context.value(ContextKey.SOURCE_PATH)).contains("overlays/prod");
        assertThat(context.value(ContextKey.TARGET_REVISION)).contains("main");
        assertThat(context.value(ContextKey.APP_PROJECT)).contains("web");
        assertThat(context.value(ContextKey.IMAGE)).contains("ghcr.io/acme/guestbook:1.4.2");
        assertThat(context.value(ContextKey.IMAGE_TAG)).contains("1.4.2");
        assertThat(context.value(ContextKey.INITIATED_BY)).contains("alice@example.com");
        assertThat(context.value(ContextKey.OPERATION_STARTED_AT)).contains("2025-11-23T12:13:20Z");
        assertThat(context.value(ContextKey.PREVIOUS_REVISION)).contains("2222222222222222222222222222222222222222");
        assertThat(context.values().get(ContextKey.OPERATION_ID)).isEqualTo(new Sourced("1763900000",
                "application argocd/guestbook .status.operationState.startedAt"));
        assertThat(context.phase()).isEqualTo(SyncPhase.POST_SYNC);
    }

    @Test
    void explicitValuesMeanNoReadsAtAll() {
        FakeCluster cluster = new FakeCluster();
        Map<ContextKey, Sourced> explicit = Map.of(ContextKey.APP_NAME, new Sourced("guestbook", "flag --app"),
                ContextKey.REVISION, new Sourced(SHA, "flag --revision"), ContextKey.PHASE, new Sourced("PostSync", "flag --phase"),
                ContextKey.OPERATION_ID, new Sourced("1", "flag --operation-id"));
        resolver.resolve(hook(explicit, Discovery.DEFAULT), RUN_NEEDS, cluster);
        assertThat(cluster.reads).isEmpty();
    }

    @Test
    void aKnownAppNameSkipsTheJobAndAJobUidSatisfiesTheOperation() throws Exception {
        FakeCluster cluster = new FakeCluster();
        cluster.applications.put("argocd/guestbook", fixture("single-source"));
        ContextInputs in = new ContextInputs(Map.of(ContextKey.APP_NAME, new Sourced("guestbook", "env SYNCHOOK_APP"),
                ContextKey.PHASE, new Sourced("PostSync", "env SYNCHOOK_PHASE")), Map.of(),
                Optional.of(new Sourced("synchook-postsync", "env")), Optional.of(new Sourced("uid-1", "env SYNCHOOK_JOB_UID")),
                Optional.of(new Sourced("guestbook", "env")), Optional.empty(), Optional.empty(), Optional.empty(), Discovery.DEFAULT);
        SyncContext context = resolver.resolve(in, RUN_NEEDS, cluster);
        assertThat(cluster.reads).containsExactly("application argocd/guestbook");
        // the Application was read anyway (for the revision), and its operation start wins over the Job UID
        assertThat(context.value(ContextKey.OPERATION_ID)).contains("1763900000");
    }

    @Test
    void aForbiddenApplicationIsNoErrorWhenItsValuesAreKnown() {
        FakeCluster cluster = new FakeCluster();
        cluster.forbidApplications = "forbidden: system:serviceaccount:guestbook:synchook-hook cannot get applications.argoproj.io";
        cluster.jobs.put("guestbook/synchook-postsync", hookJob("guestbook", "synchook-postsync", "guestbook"));
        Set<ContextKey> needs = EnumSet.copyOf(RUN_NEEDS);
        needs.add(ContextKey.PREVIOUS_REVISION); // only the Application has it: it is read, and refused
        SyncContext context = resolver.resolve(hook(Map.of(ContextKey.REVISION, new Sourced(SHA, "flag --revision")),
                Discovery.DEFAULT), needs, cluster);
        assertThat(cluster.reads).containsExactly("job guestbook/synchook-postsync", "application argocd/guestbook");
        assertThat(context.value(ContextKey.REVISION)).contains(SHA);
        assertThat(context.value(ContextKey.OPERATION_ID)).contains("7c1e-uid");
        assertThat(context.value(ContextKey.PREVIOUS_REVISION)).isEmpty();
        assertThat(context.unresolved().get(ContextKey.PREVIOUS_REVISION)).contains("application argocd/guestbook: forbidden");
    }

    @Test
    void aForbiddenApplicationWithNothingExplicitNamesEverySourceTried() {
        FakeCluster cluster = new FakeCluster();
        cluster.forbidApplications = "forbidden: system:serviceaccount:guestbook:synchook-hook cannot get applications.argoproj.io"
                + " guestbook in namespace argocd";
        cluster.jobs.put("guestbook/synchook-postsync", hookJob("guestbook", "synchook-postsync", "guestbook"));
        SyncContext context = resolver.resolve(hook(Map.of(), Discovery.DEFAULT), RUN_NEEDS, cluster);
        assertThat(context.value(ContextKey.REVISION)).isEmpty();
        assertThat(context.missing(ContextKey.REVISION, "the run name").oneLine())
                .contains("not set: --revision, SYNCHOOK_REVISION, ARGOCD_APP_REVISION")
                .contains("application argocd/guestbook: forbidden: system:serviceaccount:guestbook:synchook-hook cannot get "
                        + "applications.argoproj.io")
                .contains("pass --revision");
    }

    @Test
    void multiSourceAppsPickTheSourceByRepoUrlIndexOrFirstWithoutRef() throws Exception {
        JsonNode shop = fixture("multi-source");
        ApplicationFacts byDefault = ApplicationFacts.parse(shop, ApplicationFacts.SourceSelector.DEFAULT);
        assertThat(byDefault.revision().orElseThrow()).isEqualTo(new ApplicationFacts.Field("3.1.0",
                "status.operationState.syncResult.revisions[1]"));
        assertThat(byDefault.sourcePath().orElseThrow().value()).isEqualTo("shop");
        assertThat(byDefault.previousRevision().orElseThrow().value()).isEqualTo("3.0.3");
        ApplicationFacts byUrl = ApplicationFacts.parse(shop, new ApplicationFacts.SourceSelector(
                Optional.of("https://github.com/acme/shop-extras"), Optional.empty()));
        assertThat(byUrl.revision().orElseThrow().value()).isEqualTo("cccccccccccccccccccccccccccccccccccccccc");
        assertThat(byUrl.sourcePath().orElseThrow().value()).isEqualTo("extras");
        assertThat(byUrl.previousRevision()).isEmpty();
        ApplicationFacts byIndex = ApplicationFacts.parse(shop, new ApplicationFacts.SourceSelector(Optional.empty(), Optional.of(0)));
        assertThat(byIndex.revision().orElseThrow().value()).isEqualTo("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        assertThat(byIndex.previousRevision().orElseThrow().value()).isEqualTo("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
        assertThat(byDefault.initiatedBy().orElseThrow().value()).isEqualTo("automated");
    }

    @Test
    void helmOciAndOlderArgoCdApplications() throws Exception {
        ApplicationFacts helm = ApplicationFacts.parse(fixture("helm"), ApplicationFacts.SourceSelector.DEFAULT);
        assertThat(helm.revision().orElseThrow().value()).isEqualTo("6.7.1");
        assertThat(helm.sourcePath().orElseThrow().value()).isEqualTo("podinfo");
        assertThat(helm.previousRevision().orElseThrow().value()).isEqualTo("6.7.0");
        assertThat(helm.imagesField()).isEqualTo("status.summary.images");

        ApplicationFacts oci = ApplicationFacts.parse(fixture("oci"), ApplicationFacts.SourceSelector.DEFAULT);
        assertThat(oci.revision().orElseThrow().value()).startsWith("sha256:b64ce2c8");
        assertThat(oci.previousRevision()).isEmpty();
        ImageSelector.Choice digestOnly = ImageSelector.NONE.choose(oci);
        assertThat(digestOnly.image().orElseThrow()).startsWith("ghcr.io/acme/edge@sha256:");
        assertThat(ImageRef.parse(digestOnly.image().orElseThrow()).tagOrDigest().orElseThrow()).startsWith("sha256:0f1e2d3c");

        ApplicationFacts legacy = ApplicationFacts.parse(fixture("argocd-3.0"), ApplicationFacts.SourceSelector.DEFAULT);
        assertThat(legacy.imagesField()).isEqualTo("status.summary.images");
        assertThat(ImageSelector.NONE.choose(legacy).image()).contains("quay.io/acme/legacy:2.9.0");
    }

    @Test
    void withoutASyncResultTheSyncRevisionIsUsedAndSaidSo() throws Exception {
        ApplicationFacts early = ApplicationFacts.parse(fixture("no-sync-result"), ApplicationFacts.SourceSelector.DEFAULT);
        assertThat(early.revision().orElseThrow()).isEqualTo(new ApplicationFacts.Field("dddddddddddddddddddddddddddddddddddddddd",
                "status.sync.revision"));
        assertThat(early.previousRevision()).isEmpty();
    }

    @Test
    void imagesAreChosenByResourceByRepositoryOrBecauseThereIsOne() throws Exception {
        ApplicationFacts shop = ApplicationFacts.parse(fixture("multi-source"), ApplicationFacts.SourceSelector.DEFAULT);
        assertThat(ImageSelector.NONE.choose(shop).image()).isEmpty();
        assertThat(ImageSelector.NONE.choose(shop).reason()).contains("several images").contains("shop/web:3.1.0")
                .contains("--image-from");
        assertThat(new ImageSelector(Optional.of("Deployment/shop-api"), Optional.empty()).choose(shop).image().orElseThrow())
                .startsWith("registry.acme.dev:5000/shop/api:3.1.0@sha256:");
        assertThat(new ImageSelector(Optional.of("Deployment/shop-web:web"), Optional.empty()).choose(shop).image())
                .contains("registry.acme.dev:5000/shop/web:3.1.0");
        assertThat(new ImageSelector(Optional.empty(), Optional.of("registry.acme.dev:5000/shop/nginx-sidecar")).choose(shop).image())
                .contains("registry.acme.dev:5000/shop/nginx-sidecar:1.27");
        assertThat(new ImageSelector(Optional.of("Deployment/nope"), Optional.empty()).choose(shop).reason())
                .contains("no image of a synced Deployment/nope");
    }

    @Test
    void labelTrackingAndAppsOutsideTheControlPlaneNamespace() throws Exception {
        FakeCluster cluster = new FakeCluster();
        ObjectNode labelled = hookJob("legacy", "hook", null);
        ((ObjectNode) labelled.path("metadata")).putObject("labels").put("team.example.com/app", "legacy");
        cluster.jobs.put("legacy/hook", labelled);
        ContextInputs in = new ContextInputs(Map.of(), Map.of(), Optional.of(new Sourced("hook", "env")), Optional.empty(),
                Optional.of(new Sourced("legacy", "env")), Optional.empty(), Optional.empty(), Optional.empty(),
                new Discovery(true, "argocd", "team.example.com/app", ApplicationFacts.SourceSelector.DEFAULT, ImageSelector.NONE));
        cluster.applications.put("argocd/legacy", fixture("argocd-3.0"));
        SyncContext byLabel = resolver.resolve(in, RUN_NEEDS, cluster);
        assertThat(byLabel.values().get(ContextKey.APP_NAME).source()).isEqualTo("job legacy/hook label team.example.com/app");
        assertThat(byLabel.value(ContextKey.REVISION)).contains("eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee");

        FakeCluster namespaced = new FakeCluster();
        namespaced.jobs.put("legacy/hook", hookJob("legacy", "hook", "team-a_legacy"));
        namespaced.applications.put("team-a/legacy", fixture("argocd-3.0"));
        resolver.resolve(new ContextInputs(Map.of(), Map.of(), Optional.of(new Sourced("hook", "env")), Optional.empty(),
                Optional.of(new Sourced("legacy", "env")), Optional.empty(), Optional.empty(), Optional.empty(), Discovery.DEFAULT), RUN_NEEDS, namespaced);
        assertThat(namespaced.reads).containsExactly("job legacy/hook", "application team-a/legacy");
    }

    /**
     * Each tracking method Argo CD offers, on a hook Job as Argo CD writes it: the app name (and the
     * Application's namespace, for apps in any namespace) comes from the Job alone.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // method, tracking-id annotation, app.kubernetes.io/instance label, where the Application is read, source
        "annotation, fixed name          | guestbook:batch/Job:guestbook/synchook-postsync | -                  | argocd/guestbook | annotation",
        "annotation, generateName        | guestbook:batch/Job:guestbook/                  | -                  | argocd/guestbook | annotation",
        "annotation, app in any ns       | team-a_guestbook:batch/Job:guestbook/           | -                  | team-a/guestbook | annotation",
        "annotation+label                | guestbook:batch/Job:guestbook/                  | guestbook          | argocd/guestbook | annotation",
        "annotation+label, app in any ns | team-a_guestbook:batch/Job:guestbook/           | team-a_guestbook   | team-a/guestbook | annotation",
        "label                           | -                                               | guestbook          | argocd/guestbook | label",
        "label, app in any ns            | -                                               | team-a_guestbook   | team-a/guestbook | label",
    })
    void everyTrackingMethodNamesTheApplication(String method, String annotation, String label, String application, String source)
            throws Exception {
        FakeCluster cluster = new FakeCluster();
        ObjectNode job = hookJob("guestbook", "synchook-postsync", null);
        ObjectNode metadata = (ObjectNode) job.path("metadata");
        if (annotation != null) {
            metadata.withObjectProperty("annotations").put(Discovery.TRACKING_ANNOTATION, annotation);
        }
        if (label != null) {
            metadata.putObject("labels").put(Discovery.DEFAULT_APP_LABEL, label);
        }
        cluster.jobs.put("guestbook/synchook-postsync", job);
        cluster.applications.put(application, fixture("single-source"));

        SyncContext context = resolver.resolve(hook(Map.of(), Discovery.DEFAULT), RUN_NEEDS, cluster);

        assertThat(cluster.reads).containsExactly("job guestbook/synchook-postsync", "application " + application);
        assertThat(context.values().get(ContextKey.APP_NAME)).isEqualTo(new Sourced("guestbook", "job guestbook/synchook-postsync "
                + (source.equals("label") ? "label " + Discovery.DEFAULT_APP_LABEL : "annotation " + Discovery.TRACKING_ANNOTATION)));
        assertThat(context.value(ContextKey.REVISION)).contains(SHA);
    }

    /** render and trigger with the app, revision and phase given: the operation alone never reads the Application. */
    @Test
    void theOperationAloneReadsNothing() {
        FakeCluster cluster = new FakeCluster();
        ContextInputs in = new ContextInputs(Map.of(ContextKey.APP_NAME, new Sourced("guestbook", "flag --app"),
                ContextKey.REVISION, new Sourced(SHA, "flag --revision"), ContextKey.PHASE, new Sourced("PostSync", "flag --phase")),
                Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Discovery.DEFAULT);
        SyncContext context = resolver.resolve(in, RUN_NEEDS, cluster);
        assertThat(cluster.reads).isEmpty();
        assertThat(context.value(ContextKey.OPERATION_ID)).isEmpty();
        assertThat(context.unresolved().get(ContextKey.OPERATION_ID)).contains("application: not read");
    }

    @Test
    void discoveryOffReadsNothing() {
        FakeCluster cluster = new FakeCluster();
        resolver.resolve(hook(Map.of(), Discovery.OFF), RUN_NEEDS, cluster);
        assertThat(cluster.reads).isEmpty();
    }
}
