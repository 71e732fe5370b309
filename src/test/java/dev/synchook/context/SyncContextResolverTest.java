package dev.synchook.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyncContextResolverTest {

    private static final String SHA = "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39";
    private final SyncContextResolver resolver = new SyncContextResolver();

    private static ContextInputs inputs(Map<ContextKey, Sourced> explicit, Map<String, String> env, String jobName) {
        return new ContextInputs(explicit, env, Optional.ofNullable(jobName).map(n -> new Sourced(n, "env SYNCHOOK_JOB_NAME")),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Discovery.OFF);
    }

    @Test
    void flagsWinOverArgoCdNamesWhichWinOverTheJobName() {
        SyncContext context = resolver.resolve(inputs(
                Map.of(ContextKey.REVISION, new Sourced("1111111aaaa", "flag --revision")),
                Map.of("ARGOCD_APP_REVISION", SHA, "ARGOCD_APP_NAME", "guestbook"),
                "hook-2222222-syncfail-1700000000"));

        assertThat(context.values().get(ContextKey.REVISION)).isEqualTo(new Sourced("1111111aaaa", "flag --revision"));
        assertThat(context.values().get(ContextKey.APP_NAME)).isEqualTo(new Sourced("guestbook", "env ARGOCD_APP_NAME"));
        // the explicit revision's short form wins over the Job name's
        assertThat(context.value(ContextKey.REVISION_SHORT)).contains("1111111");
        assertThat(context.values().get(ContextKey.PHASE).source()).isEqualTo("job-name hook-2222222-syncfail-1700000000");
        assertThat(context.phase()).isEqualTo(SyncPhase.SYNC_FAIL);
        assertThat(context.value(ContextKey.OPERATION_ID)).contains("1700000000");
        assertThat(context.value(ContextKey.OPERATION_STARTED_AT)).contains("2023-11-14T22:13:20Z");
    }

    @Test
    void readsEveryArgoCdBuildEnvironmentName() {
        Map<String, String> env = Map.of("ARGOCD_APP_NAME", "guestbook", "ARGOCD_APP_NAMESPACE", "guestbook-prod",
                "ARGOCD_APP_PROJECT_NAME", "team-a", "ARGOCD_APP_REVISION", SHA, "ARGOCD_APP_REVISION_SHORT", "4f2a9c1e",
                "ARGOCD_APP_SOURCE_REPO_URL", "https://git.example.com/acme/config.git",
                "ARGOCD_APP_SOURCE_PATH", "overlays/prod", "ARGOCD_APP_SOURCE_TARGET_REVISION", "main");
        SyncContext context = resolver.resolve(inputs(Map.of(), env, null));
        assertThat(context.value(ContextKey.APP_NAMESPACE)).contains("guestbook-prod");
        assertThat(context.value(ContextKey.APP_PROJECT)).contains("team-a");
        assertThat(context.value(ContextKey.REVISION_SHORT)).contains("4f2a9c1e");
        assertThat(context.value(ContextKey.REPO_URL)).contains("https://git.example.com/acme/config.git");
        assertThat(context.value(ContextKey.SOURCE_PATH)).contains("overlays/prod");
        assertThat(context.value(ContextKey.TARGET_REVISION)).contains("main");
        assertThat(context.values().get(ContextKey.SOURCE_PATH).source()).isEqualTo("env ARGOCD_APP_SOURCE_PATH");
    }

    @Test
    void derivesTagAndDigestFromTheImage() {
        SyncContext context = resolver.resolve(inputs(
                Map.of(ContextKey.IMAGE, new Sourced("ghcr.io/acme/app:1.4.2@sha256:abc", "flag --image")), Map.of(), null));
        assertThat(context.value(ContextKey.IMAGE_TAG)).contains("1.4.2");
        assertThat(context.value(ContextKey.IMAGE_DIGEST)).contains("sha256:abc");
        assertThat(context.values().get(ContextKey.IMAGE_TAG).source()).isEqualTo("derived from image");
    }

    @Test
    void shortRevisionsOfShasDigestsAndChartVersions() {
        assertThat(SyncContextResolver.shortRevision(SHA)).isEqualTo("4f2a9c1");
        assertThat(SyncContextResolver.shortRevision("sha256:" + "ab".repeat(32))).isEqualTo("ababab" + "a");
        assertThat(SyncContextResolver.shortRevision("1.2.3")).isEqualTo("1.2.3");
    }

    @Test
    void theJobUidIsTheOperationWhenTheNameSaysNothing() {
        SyncContext context = resolver.resolve(new ContextInputs(Map.of(), Map.of(), Optional.of(new Sourced("plain-job", "flag")),
                Optional.of(new Sourced("0b5c-uid", "env SYNCHOOK_JOB_UID")), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Discovery.OFF));
        assertThat(context.values().get(ContextKey.OPERATION_ID)).isEqualTo(new Sourced("0b5c-uid", "env SYNCHOOK_JOB_UID"));
        assertThat(context.unresolved().get(ContextKey.OPERATION_STARTED_AT)).contains("not Argo CD's generated form");
    }

    @Test
    void namespacesFallBackFromPodToKubeconfigToDefault() {
        SyncContext inPod = resolver.resolve(new ContextInputs(Map.of(), Map.of(), Optional.empty(), Optional.empty(),
                Optional.of(new Sourced("guestbook", "env POD_NAMESPACE")), Optional.of(new Sourced("dev", "kubeconfig")), Optional.empty(), Optional.empty(), Discovery.OFF));
        assertThat(inPod.value(ContextKey.NAMESPACE)).contains("guestbook");
        assertThat(inPod.value(ContextKey.APP_NAMESPACE)).contains("guestbook");
        SyncContext local = resolver.resolve(new ContextInputs(Map.of(), Map.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(new Sourced("dev", "kubeconfig")), Optional.empty(), Optional.empty(), Discovery.OFF));
        assertThat(local.value(ContextKey.NAMESPACE)).contains("dev");
        assertThat(resolver.resolve(inputs(Map.of(), Map.of(), null)).value(ContextKey.NAMESPACE)).contains("default");
    }

    @Test
    void aMissingValueNamesEverySourceTried() {
        SyncContext context = resolver.resolve(inputs(Map.of(), Map.of(), null));
        SynchookException e = context.missing(ContextKey.REVISION, "param git-revision");
        assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(e.oneLine()).contains("param git-revision needs revision")
                .contains("--revision, SYNCHOOK_REVISION, ARGOCD_APP_REVISION")
                .contains("pass --revision or set SYNCHOOK_REVISION or ARGOCD_APP_REVISION");
    }

    @Test
    void rejectsRevisionsWithWhitespaceOrControlCharactersNamingTheSource() {
        assertThatThrownBy(() -> resolver.resolve(inputs(Map.of(), Map.of("ARGOCD_APP_REVISION", "abc\ndef"), null)))
                .isInstanceOfSatisfying(SynchookException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
                    assertThat(e.oneLine()).startsWith("ARGOCD_APP_REVISION \"abc\\ndef\": contains a control character");
                });
    }

    @Test
    void awkwardButHarmlessValuesPass() {
        SyncContext context = resolver.resolve(inputs(
                Map.of(ContextKey.INITIATED_BY, new Sourced("a: b \"q\" # c", "flag --initiated-by")), Map.of(), null));
        assertThat(context.value(ContextKey.INITIATED_BY)).contains("a: b \"q\" # c");
    }
}
