package dev.synchook.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchook.testing.RealApiServer;
import dev.synchook.testing.ServiceAccounts;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The RBAC of manifests/rbac on a real API server: the shipped ServiceAccount, Roles and
 * RoleBindings are created, and SubjectAccessReviews show the hook's ServiceAccount can do exactly what each feature needs. Only
 * a real authorizer answers that, so this needs {@code SYNCHOOK_IT_KUBECONFIG}; without it the test is
 * recorded as not run in the ClusterReport (CI always has a server and fails on such a record).
 */
class RbacClusterTest {

    private KubernetesClient client;
    private Map<String, String> namespaces;

    @BeforeEach
    void realCluster() throws Exception {
        client = RealApiServer.adminClient(RealApiServer.require(getClass(), "needs a real API server to authorize requests"));
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        // the manifests' namespaces, each replaced by one of the test's own
        namespaces = Map.of("ci", "rbac-ci-" + suffix, "my-app", "rbac-app-" + suffix, "argocd", "rbac-argocd-" + suffix);
        namespaces.values().forEach(ns -> client.namespaces()
                .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create());
    }

    @AfterEach
    void deleteNamespaces() {
        if (client != null) {
            namespaces.values().forEach(ns -> client.namespaces().withName(ns).delete());
            client.close();
        }
    }

    @Test
    void theHookServiceAccountMayDoExactlyWhatSynchookNeeds() {
        ServiceAccounts.apply(client, Path.of("manifests/rbac"), namespaces, ServiceAccounts.asShipped());
        String user = "system:serviceaccount:" + namespaces.get("my-app") + ":synchook-hook";
        String ci = namespaces.get("ci");
        String app = namespaces.get("my-app");
        String argocd = namespaces.get("argocd");
        for (String verb : List.of("create", "get", "list", "watch", "patch", "delete")) {
            assertThat(allowed(user, verb, "tekton.dev", "pipelineruns", ci)).as("%s pipelineruns in ci", verb).isTrue();
        }
        for (String resource : List.of("taskruns", "customruns")) {
            assertThat(allowed(user, "get", "tekton.dev", resource, ci)).as("get %s in ci", resource).isTrue();
            for (String verb : List.of("list", "watch")) {
                assertThat(allowed(user, verb, "tekton.dev", resource, ci)).as("%s %s in ci", verb, resource).isFalse();
            }
        }
        assertThat(allowed(user, "create", "", "events", ci)).isTrue();
        assertThat(allowed(user, "create", "events.k8s.io", "events", ci)).as("synchook writes core Events only").isFalse();
        assertThat(allowed(user, "get", "batch", "jobs", app)).isTrue();
        assertThat(allowed(user, "get", "argoproj.io", "applications", argocd)).isTrue();

        // and nothing else
        assertThat(allowed(user, "create", "tekton.dev", "pipelineruns", app)).as("runs outside the CI namespace").isFalse();
        assertThat(allowed(user, "update", "tekton.dev", "pipelineruns", ci)).isFalse();
        assertThat(allowed(user, "delete", "tekton.dev", "taskruns", ci)).isFalse();
        assertThat(allowed(user, "list", "batch", "jobs", app)).isFalse();
        assertThat(allowed(user, "delete", "batch", "jobs", app)).isFalse();
        assertThat(allowed(user, "list", "argoproj.io", "applications", argocd)).isFalse();
        assertThat(allowed(user, "update", "argoproj.io", "applications", argocd)).isFalse();
        assertThat(allowed(user, "get", "", "secrets", ci)).isFalse();
        assertThat(allowed(user, "get", "tekton.dev", "pipelineruns", "default")).isFalse();
    }

    private boolean allowed(String user, String verb, String group, String resource, String namespace) {
        SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec().withUser(user)
                .withGroups("system:serviceaccounts", "system:serviceaccounts:" + namespaces.get("my-app"), "system:authenticated")
                .withNewResourceAttributes().withVerb(verb).withGroup(group).withResource(resource).withNamespace(namespace)
                .endResourceAttributes().endSpec().build();
        return client.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
    }
}
