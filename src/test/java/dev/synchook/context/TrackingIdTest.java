package dev.synchook.context;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrackingIdTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "guestbook:batch/Job:guestbook/synchook-postsync         | guestbook | -       | batch | Job     | guestbook | synchook-postsync",
        "guestbook:/Service:guestbook/guestbook-ui               | guestbook | -       | ''    | Service | guestbook | guestbook-ui",
        "team-a_legacy:batch/Job:legacy/hook                     | legacy    | team-a  | batch | Job     | legacy    | hook",
        "cluster-app:rbac.authorization.k8s.io/ClusterRole:/view | cluster-app | -     | rbac.authorization.k8s.io | ClusterRole | '' | view",
    })
    void parsesArgoCdTrackingIds(String value, String app, String appNamespace, String group, String kind, String namespace, String name) {
        TrackingId id = TrackingId.parse(value.trim()).orElseThrow();
        assertThat(id.app()).isEqualTo(app);
        assertThat(id.appNamespace().orElse(null)).isEqualTo(appNamespace);
        assertThat(id.group()).isEqualTo(group);
        assertThat(id.kind()).isEqualTo(kind);
        assertThat(id.namespace()).isEqualTo(namespace);
        assertThat(id.name()).isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {"-", "''", "guestbook", "guestbook:Job", "guestbook:batch/Job", "guestbook:batch/Job:ns",
        ":batch/Job:ns/name"})
    void malformedIdsYieldNothing(String value) {
        assertThat(TrackingId.parse(value)).isEmpty();
    }
}
