package dev.synchook.render;

import dev.synchook.context.ContextKey;
import dev.synchook.context.SyncContext;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rendering from flags, compared with golden YAML files. */
class GoldenRenderTest {

    static final String SHA = "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39";
    private final PipelineRunRenderer renderer = new PipelineRunRenderer();

    static SyncContext guestbook() {
        Map<ContextKey, String> v = new EnumMap<>(ContextKey.class);
        v.put(ContextKey.APP_NAME, "guestbook");
        v.put(ContextKey.APP_NAMESPACE, "guestbook");
        v.put(ContextKey.APP_PROJECT, "default");
        v.put(ContextKey.REVISION, SHA);
        v.put(ContextKey.REVISION_SHORT, "4f2a9c1");
        v.put(ContextKey.REPO_URL, "https://github.com/acme/guestbook-config.git");
        v.put(ContextKey.SOURCE_PATH, "overlays/prod");
        v.put(ContextKey.TARGET_REVISION, "main");
        v.put(ContextKey.PHASE, "PostSync");
        v.put(ContextKey.OPERATION_ID, "1763900000");
        v.put(ContextKey.OPERATION_STARTED_AT, "2025-11-23T12:13:20Z");
        v.put(ContextKey.IMAGE, "ghcr.io/acme/guestbook:1.4.2");
        v.put(ContextKey.IMAGE_TAG, "1.4.2");
        v.put(ContextKey.NAMESPACE, "ci");
        return SyncContext.of(v, "test");
    }

    private static RunRequest request(String pipeline, List<String> params, List<String> workspaces, Map<String, String> labels) {
        return new RunRequest(Optional.of(pipeline), params.stream().map(Param::parse).toList(),
                workspaces.stream().map(w -> Workspace.parse(w, f -> "spec:\n  resources:\n    requests:\n      storage: 1Gi\n")).toList(),
                Optional.empty(), Optional.empty(), labels, Map.of(), Optional.empty());
    }

    @Test
    void minimal() throws Exception {
        Golden.assertMatches("minimal", Yaml.yaml(renderer.render(RunRequest.ofPipeline("post-deploy-verify"), guestbook())));
    }

    @Test
    void everyFlag() throws Exception {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("git-commit", "{{ revision_short }}");
        labels.put("team", "web");
        RunRequest flags = new RunRequest(Optional.of("build-and-deploy-pipeline"),
                List.of(Param.parse("git-url={{ repo_url }}"), Param.parse("git-revision={{ revision }}"),
                        Param.parse("image-reference={{ image }}"), Param.parse("image-tag={{ image_tag }}"),
                        Param.parse("environments=dev,staging,prod"), Param.parse("owner=team:web,tier:frontend")),
                List.of(Workspace.parse("name=shared-data,storage=1Gi,accessMode=ReadWriteOnce", f -> ""),
                        Workspace.parse("name=git-credentials,secret=git-basic-auth", f -> ""),
                        Workspace.parse("name=cache,claimName=build-cache,subPath={{ app_name }}", f -> ""),
                        Workspace.parse("name=scratch,emptyDir=", f -> ""),
                        Workspace.parse("name=settings,config=maven-settings,item=settings.xml=settings.xml", f -> "")),
                Optional.of("pipeline-runner"), Optional.of("1h30m"), labels,
                Map.of("synced-by", "{{ initiated_by }}"), Optional.empty());
        Map<ContextKey, String> extra = new EnumMap<>(ContextKey.class);
        guestbook().values().forEach((k, v) -> extra.put(k, v.value()));
        extra.put(ContextKey.INITIATED_BY, "alice@example.com");
        Golden.assertMatches("every-flag", Yaml.yaml(renderer.render(flags, SyncContext.of(extra, "test"))));
    }

    @Test
    void awkwardValuesStayStrings() throws Exception {
        Map<ContextKey, String> v = new EnumMap<>(ContextKey.class);
        guestbook().values().forEach((k, s) -> v.put(k, s.value()));
        v.put(ContextKey.INITIATED_BY, "a: b \"quoted\" 'single' # not a comment\t{x: [1]}");
        v.put(ContextKey.IMAGE_TAG, "true");
        v.put(ContextKey.TARGET_REVISION, "1.0");
        RunRequest awkward = request("verify", List.of("who={{ initiated_by }}", "tag={{ image_tag }}", "ref={{ target_revision }}"),
                List.of(), Map.of("synced-by", "{{ initiated_by }}"));
        Golden.assertMatches("awkward-values", Yaml.yaml(renderer.render(awkward, SyncContext.of(v, "test"))));
    }

    @Test
    void syncFailWithAChartVersionRevision() throws Exception {
        Map<ContextKey, String> v = new EnumMap<>(ContextKey.class);
        guestbook().values().forEach((k, s) -> v.put(k, s.value()));
        v.put(ContextKey.PHASE, "SyncFail");
        v.put(ContextKey.REVISION, "1.2.3");
        v.put(ContextKey.REVISION_SHORT, "1.2.3");
        v.put(ContextKey.PREVIOUS_REVISION, "1.2.2");
        RunRequest rollback = request("rollback", List.of("to-revision={{ previous_revision }}", "failed-revision={{ revision }}",
                "phase={{ phase }}"), List.of(), Map.of());
        Golden.assertMatches("syncfail-chart-version", Yaml.yaml(renderer.render(rollback, SyncContext.of(v, "test"))));
    }

    @Test
    void ociDigestRevision() throws Exception {
        Map<ContextKey, String> v = new EnumMap<>(ContextKey.class);
        guestbook().values().forEach((k, s) -> v.put(k, s.value()));
        v.put(ContextKey.REVISION, "sha256:" + "0a1b".repeat(16));
        v.put(ContextKey.REVISION_SHORT, "0a1b0a1");
        Golden.assertMatches("oci-digest-revision", Yaml.yaml(renderer.render(
                request("verify", List.of("revision={{ revision }}"), List.of(), Map.of()), SyncContext.of(v, "test"))));
    }
}
