package dev.synchook.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.manifests.ManifestsTest;
import dev.synchook.render.Yaml;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The shipped ServiceAccounts with exactly the shipped RBAC on a real API server: a kustomization
 * (manifests/rbac, manifests/webhook) rendered with {@code kubectl kustomize}, its ServiceAccounts,
 * Roles and RoleBindings moved into the test's namespaces and created; then a token for an account
 * from the TokenRequest API and a kubeconfig that authenticates with it.
 */
public final class ServiceAccounts {

    private static final Set<String> KINDS = Set.of("ServiceAccount", "Role", "RoleBinding");

    private ServiceAccounts() {
    }

    /**
     * Creates the ServiceAccounts, Roles and RoleBindings of the kustomization {@code dir}, each
     * namespace of the manifests replaced through {@code namespaces} (a namespace missing there is an
     * error), every Role passed through {@code editRole} first.
     */
    public static List<GenericKubernetesResource> apply(KubernetesClient admin, Path dir, Map<String, String> namespaces,
            UnaryOperator<ObjectNode> editRole) {
        List<GenericKubernetesResource> created = new ArrayList<>();
        for (JsonNode object : ManifestsTest.render(dir)) {
            String kind = object.path("kind").asText();
            if (!KINDS.contains(kind)) {
                continue;
            }
            ObjectNode moved = object.deepCopy();
            ((ObjectNode) moved.path("metadata")).put("namespace", moved(namespaces, object.path("metadata").path("namespace").asText()));
            moved.path("subjects").forEach(s -> ((ObjectNode) s).put("namespace", moved(namespaces, s.path("namespace").asText())));
            if (kind.equals("Role")) {
                moved = editRole.apply(moved);
            }
            GenericKubernetesResource resource = Yaml.JSON.convertValue(moved, GenericKubernetesResource.class);
            created.add(admin.resource(resource).create());
        }
        return created;
    }

    private static String moved(Map<String, String> namespaces, String namespace) {
        String to = namespaces.get(namespace);
        if (to == null) {
            throw new IllegalArgumentException("the manifests use namespace " + namespace + ", which the test maps nowhere: " + namespaces);
        }
        return to;
    }

    /** Every Role unchanged. */
    public static UnaryOperator<ObjectNode> asShipped() {
        return role -> role;
    }

    /**
     * The Role named {@code role} without {@code verb} on {@code resource} (a rule left with no verb
     * or no resource is dropped); every other Role unchanged. Fails when the Role has no such permission,
     * so a test can not remove what was never there.
     */
    public static UnaryOperator<ObjectNode> without(String role, String resource, String verb) {
        return object -> {
            if (!role.equals(object.path("metadata").path("name").asText())) {
                return object;
            }
            ArrayNode kept = Yaml.JSON.createArrayNode();
            boolean removed = false;
            for (JsonNode rule : object.path("rules")) {
                List<String> resources = texts(rule.path("resources"));
                List<String> verbs = texts(rule.path("verbs"));
                if (!resources.contains(resource) || !verbs.contains(verb)) {
                    kept.add(rule);
                    continue;
                }
                removed = true;
                // the same rule for the other resources, and for this resource without the verb
                List<String> others = resources.stream().filter(r -> !r.equals(resource)).toList();
                if (!others.isEmpty()) {
                    kept.add(rule(rule, others, verbs));
                }
                List<String> fewer = verbs.stream().filter(v -> !v.equals(verb)).toList();
                if (!fewer.isEmpty()) {
                    kept.add(rule(rule, List.of(resource), fewer));
                }
            }
            if (!removed) {
                throw new IllegalArgumentException("Role " + role + " does not grant " + verb + " on " + resource);
            }
            object.set("rules", kept);
            return object;
        };
    }

    private static ObjectNode rule(JsonNode rule, List<String> resources, List<String> verbs) {
        ObjectNode copy = rule.deepCopy();
        copy.set("resources", Yaml.JSON.valueToTree(resources));
        copy.set("verbs", Yaml.JSON.valueToTree(verbs));
        return copy;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    /** A token for the ServiceAccount from the TokenRequest API (one hour). */
    public static String token(KubernetesClient admin, String namespace, String serviceAccount) {
        TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build();
        return admin.serviceAccounts().inNamespace(namespace).withName(serviceAccount).tokenRequest(request)
                .getStatus().getToken();
    }

    /**
     * Writes a kubeconfig for the admin's server (same URL and CA) that authenticates with
     * {@code token} only, with {@code namespace} as its default namespace.
     */
    public static Path kubeconfig(Config admin, String token, String namespace, Path file) {
        String ca = admin.getCaCertData();
        if (ca == null && admin.getCaCertFile() != null) {
            try {
                ca = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(admin.getCaCertFile())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String cluster = ca == null ? "insecure-skip-tls-verify: true" : "certificate-authority-data: " + ca;
        String text = """
                apiVersion: v1
                kind: Config
                clusters: [{name: real, cluster: {server: "%s", %s}}]
                contexts: [{name: account, context: {cluster: real, user: account, namespace: "%s"}}]
                current-context: account
                users: [{name: account, user: {token: "%s"}}]
                """.formatted(admin.getMasterUrl(), cluster, namespace, token);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
