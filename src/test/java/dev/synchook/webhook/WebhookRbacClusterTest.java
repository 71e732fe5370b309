package dev.synchook.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.context.Confirmation;
import dev.synchook.context.ContextInputs;
import dev.synchook.context.Discovery;
import dev.synchook.context.ImageSelector;
import dev.synchook.context.KubeClusterReader;
import dev.synchook.context.SyncContextResolver;
import dev.synchook.context.ApplicationFacts;
import dev.synchook.kube.ApiRetry;
import dev.synchook.kube.Connection;
import dev.synchook.kube.ConnectionSettings;
import dev.synchook.manifests.ManifestsTest;
import dev.synchook.render.Yaml;
import dev.synchook.testing.ClusterResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The check of a notification against its Application, read as the receiver's own ServiceAccount
 * (a TokenRequest token) bound only by the shipped manifests/webhook RBAC, on a real API server:
 * the genuine notification is confirmed, a forged one contradicted, and an Application outside the
 * granted namespace is unreadable (forbidden), never silently trusted.
 */
class WebhookRbacClusterTest {

    private static final ResourceDefinitionContext APPLICATIONS = new ResourceDefinitionContext.Builder().withGroup("argoproj.io")
            .withVersion("v1alpha1").withKind("Application").withPlural("applications").withNamespaced(true).build();

    private KubernetesClient admin;
    private KubernetesClient receiver;
    private Map<String, String> namespaces;

    @BeforeEach
    void asTheShippedServiceAccount() throws Exception {
        Assumptions.assumeTrue(ClusterResource.realCluster(),
                "needs a real API server to authenticate and authorize: set " + ClusterResource.KUBECONFIG_ENV);
        Config adminConfig = Config.fromKubeconfig(Files.readString(Path.of(System.getenv(ClusterResource.KUBECONFIG_ENV))));
        admin = new KubernetesClientBuilder().withConfig(adminConfig).build();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        namespaces = Map.of("synchook", "wh-synchook-" + suffix, "ci", "wh-ci-" + suffix, "argocd", "wh-argocd-" + suffix);
        namespaces.values().forEach(ns -> admin.namespaces()
                .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create());
        for (JsonNode object : ManifestsTest.render(Path.of("manifests/webhook"))) {
            String kind = object.path("kind").asText();
            if (!Set.of("ServiceAccount", "Role", "RoleBinding").contains(kind)) {
                continue;
            }
            ObjectNode moved = (ObjectNode) object.deepCopy();
            ((ObjectNode) moved.path("metadata")).put("namespace", namespaces.get(object.path("metadata").path("namespace").asText()));
            moved.path("subjects").forEach(s -> ((ObjectNode) s).put("namespace", namespaces.get(s.path("namespace").asText())));
            admin.resource(Yaml.JSON.convertValue(moved, GenericKubernetesResource.class)).create();
        }
        TokenRequest token = admin.serviceAccounts().inNamespace(namespaces.get("synchook")).withName("synchook-webhook")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build());
        Config asReceiver = new ConfigBuilder(Config.empty()).withMasterUrl(adminConfig.getMasterUrl())
                .withCaCertData(adminConfig.getCaCertData()).withCaCertFile(adminConfig.getCaCertFile())
                .withOauthToken(token.getStatus().getToken()).build();
        receiver = new KubernetesClientBuilder().withConfig(asReceiver).build();
    }

    @AfterEach
    void deleteNamespaces() {
        if (receiver != null) {
            receiver.close();
        }
        if (admin != null) {
            namespaces.values().forEach(ns -> admin.namespaces().withName(ns).delete());
            admin.close();
        }
    }

    private void application(String namespace) throws Exception {
        ObjectNode application = (ObjectNode) WebhookPayloadTest.resource("application-guestbook.json");
        ((ObjectNode) application.path("metadata")).put("namespace", namespace);
        admin.genericKubernetesResources(APPLICATIONS).inNamespace(namespace)
                .resource(Yaml.JSON.convertValue(application, GenericKubernetesResource.class)).create();
    }

    private Confirmation confirm(JsonNode payload) {
        Notification notice = Notification.read(payload);
        Discovery discovery = new Discovery(true, namespaces.get("argocd"), Discovery.DEFAULT_APP_LABEL,
                ApplicationFacts.SourceSelector.DEFAULT, ImageSelector.NONE);
        ContextInputs inputs = new ContextInputs(Map.of(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), notice.applicationNamespace(), Optional.of(notice.snapshot()), discovery);
        Connection asReceiver = Connection.of(ConnectionSettings.LOCAL, ConnectionSettings.Remote.NONE, () -> receiver, false);
        KubeClusterReader reader = new KubeClusterReader(asReceiver, asReceiver, new ApiRetry(ApiRetry.Policy.DEFAULT));
        return new SyncContextResolver().resolve(inputs, SyncContextResolver.IDENTITY, reader).confirmation().orElseThrow();
    }

    private ObjectNode notification(String applicationNamespace) throws Exception {
        ObjectNode payload = (ObjectNode) WebhookPayloadTest.resource("notification-guestbook-succeeded.json");
        ((ObjectNode) payload.path("app")).put("namespace", applicationNamespace);
        return payload;
    }

    @Test
    void theReceiverReadsTheApplicationItIsGrantedAndNoOther() throws Exception {
        String argocd = namespaces.get("argocd");
        application(argocd);
        assertThat(confirm(notification(argocd)).outcome()).isEqualTo(Confirmation.Outcome.CONFIRMED);

        ObjectNode forged = WebhookSyncTest.with(notification(argocd), "operation.syncResult.revision",
                "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef");
        Confirmation refused = confirm(forged);
        assertThat(refused.outcome()).isEqualTo(Confirmation.Outcome.DISAGREES);
        assertThat(Notification.fieldOf(refused.disagreements().get(0).path())).isEqualTo("operation.syncResult.revision");

        // An Application in a namespace the shipped Role does not grant: forbidden, so unreadable (503), not trusted.
        String ci = namespaces.get("ci");
        application(ci);
        Confirmation unreadable = confirm(notification(ci));
        assertThat(unreadable.outcome()).isEqualTo(Confirmation.Outcome.UNREADABLE);
        assertThat(unreadable.record()).containsIgnoringCase("forbidden");
    }
}
