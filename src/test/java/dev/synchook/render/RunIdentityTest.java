package dev.synchook.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchook.context.ContextKey;
import dev.synchook.context.SyncContext;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunIdentityTest {

    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    static SyncContext context(String app, String phase, String operation, String revision) {
        Map<ContextKey, String> values = new EnumMap<>(ContextKey.class);
        values.put(ContextKey.APP_NAME, app);
        values.put(ContextKey.PHASE, phase);
        values.put(ContextKey.REVISION, revision);
        if (operation != null) {
            values.put(ContextKey.OPERATION_ID, operation);
        }
        return SyncContext.of(values, "test");
    }

    @Test
    void theSameOperationAlwaysGetsTheSameName() {
        RunIdentity a = RunIdentity.of(context("guestbook", "PostSync", "1700000000", "4f2a9c1e8b"), Optional.empty());
        RunIdentity b = RunIdentity.of(context("guestbook", "PostSync", "1700000000", "4f2a9c1e8b"), Optional.empty());
        assertThat(a).isEqualTo(b);
        assertThat(a.name()).startsWith("guestbook-postsync-4f2a9c1e8b-");
    }

    @Test
    void anyDifferenceInAppPhaseOperationOrRevisionChangesTheName() {
        String base = RunIdentity.of(context("guestbook", "PostSync", "1", "abc"), Optional.empty()).name();
        assertThat(RunIdentity.of(context("guestbook2", "PostSync", "1", "abc"), Optional.empty()).name()).isNotEqualTo(base);
        assertThat(RunIdentity.of(context("guestbook", "SyncFail", "1", "abc"), Optional.empty()).name()).isNotEqualTo(base);
        assertThat(RunIdentity.of(context("guestbook", "PostSync", "2", "abc"), Optional.empty()).name()).isNotEqualTo(base);
        assertThat(RunIdentity.of(context("guestbook", "PostSync", "1", "abd"), Optional.empty()).name()).isNotEqualTo(base);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "A_Very.Long.Application.Name.That.Goes.On.And.On.And.On.Way.Past.Sixty.Three.Characters",
        "---", "ünïcödé-app", "app with spaces", "UPPER",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void namesAreValidDnsLabelsOfAtMost63CharactersForAnyInput(String app) {
        for (String revision : new String[] {"sha256:" + "f".repeat(64), "1.2.3", "a".repeat(40), "feature/branch#1"}) {
            RunIdentity identity = RunIdentity.of(context(app, "PostSync", "op", revision), Optional.empty());
            assertThat(identity.name()).hasSizeLessThanOrEqualTo(63).matches(DNS_1123_LABEL);
            identity.labels().values().forEach(v -> assertThat(KubeNames.isLabelValue(v)).as(v).isTrue());
        }
    }

    @Test
    void theLabelsCarryShortenedValuesAndTheAnnotationsTheFullOnes() {
        String digest = "sha256:" + "ab".repeat(32);
        RunIdentity identity = RunIdentity.of(context("guestbook", "SyncFail", "1700000000", digest), Optional.of("rollback"));
        assertThat(identity.name()).startsWith("rollback-syncfail-");
        assertThat(identity.labels()).containsEntry("app.kubernetes.io/managed-by", "synchook")
                .containsEntry("synchook.dev/phase", "syncfail").containsEntry("synchook.dev/operation", "1700000000");
        assertThat(identity.labels().get("synchook.dev/revision")).isNotEqualTo(digest).startsWith("sha256-abab");
        assertThat(identity.annotations()).containsEntry("synchook.dev/revision", digest);
    }

    /** The phase label is lower case, as the README tells users who select runs with it. */
    @Test
    void thePhaseLabelIsLowerCaseAsDocumented() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        for (String phase : new String[] {"PostSync", "SyncFail", "PreSync", "Sync"}) {
            String value = RunIdentity.of(context("guestbook", phase, "1", "abc"), Optional.empty()).labels().get(RunIdentity.LABEL_PHASE);
            assertThat(value).isEqualTo(phase.toLowerCase(java.util.Locale.ROOT));
            assertThat(readme).as("README names the label value of %s", phase).contains("`" + value + "`");
        }
        assertThat(readme).contains("-l synchook.dev/phase=postsync");
    }
}
