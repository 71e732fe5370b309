package dev.synchook.context;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every form of Argo CD's resource tracking (docs: user-guide/resource_tracking, operator-manual/app-any-namespace). */
class TrackingIdTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // annotation tracking, a hook with a fixed name
        "guestbook:batch/Job:guestbook/synchook-postsync         | guestbook | -       | batch | Job     | guestbook | synchook-postsync",
        // a hook written with generateName: Argo CD stamps the id before it names the object, so the name part is empty
        "guestbook:batch/Job:guestbook/                          | guestbook | -       | batch | Job     | guestbook | ''",
        // the core API group is empty
        "guestbook:/Service:guestbook/guestbook-ui               | guestbook | -       | ''    | Service | guestbook | guestbook-ui",
        // an Application outside the control-plane namespace: <appNamespace>_<app>
        "team-a_legacy:batch/Job:legacy/hook                     | legacy    | team-a  | batch | Job     | legacy    | hook",
        "team-a_legacy:batch/Job:legacy/                         | legacy    | team-a  | batch | Job     | legacy    | ''",
        // cluster-scoped objects have no namespace part
        "cluster-app:rbac.authorization.k8s.io/ClusterRole:/view | cluster-app | -     | rbac.authorization.k8s.io | ClusterRole | '' | view",
    })
    void parsesEveryAnnotationFormArgoCdWrites(String value, String app, String appNamespace, String group, String kind,
            String namespace, String name) {
        TrackingId id = TrackingId.parse(value.trim()).orElseThrow();
        assertThat(id.app()).isEqualTo(app);
        assertThat(id.appNamespace().orElse(null)).isEqualTo(appNamespace);
        assertThat(id.owner()).isEqualTo(TrackingId.Owner.parse(value.substring(0, value.indexOf(':'))).orElseThrow());
        assertThat(id.group()).isEqualTo(group);
        assertThat(id.kind()).isEqualTo(kind);
        assertThat(id.namespace()).isEqualTo(namespace);
        assertThat(id.name()).isEqualTo(name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // label tracking (app.kubernetes.io/instance or a custom key) holds the instance name alone
        "guestbook          | guestbook | -",
        "team-a_guestbook   | guestbook | team-a",
    })
    void parsesTheInstanceNameOfLabelTracking(String value, String app, String appNamespace) {
        TrackingId.Owner owner = TrackingId.Owner.parse(value).orElseThrow();
        assertThat(owner.app()).isEqualTo(app);
        assertThat(owner.appNamespace().orElse(null)).isEqualTo(appNamespace);
        assertThat(owner.toString()).isEqualTo(appNamespace == null ? app : appNamespace + "/" + app);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {"-", "''", "guestbook", "guestbook:Job", "guestbook:batch/Job", "guestbook:batch/Job:ns",
        ":batch/Job:ns/name", "guestbook:batch/:ns/name", "guestbook:batch/Job:ns/name:extra", "guestbook:a/b/Job:ns/name",
        "guestbook:batch/Job:ns/a/b", "_guestbook:batch/Job:ns/name", "team_:batch/Job:ns/name", "a_b_c:batch/Job:ns/name"})
    void malformedIdsYieldNothing(String value) {
        assertThat(TrackingId.parse(value)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {"-", "''", "' '", "_guestbook", "team_", "a_b_c"})
    void malformedInstanceNamesYieldNothing(String value) {
        assertThat(TrackingId.Owner.parse(value)).isEmpty();
    }
}
