package dev.synchook.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Asks the API server, before anything is written, whether this identity may make every request a
 * command is going to make (one SelfSubjectAccessReview each, which every authenticated identity may
 * create). A denied request that the command needs ends it with exit 3 naming verb, resource,
 * namespace and what needs it, so nothing is half-created; a denied courtesy (Events, per-task
 * progress) is one warning. A server that gives no answer (no authorization API, a review refused or
 * failing) is no error: the requests themselves then tell.
 */
public final class Permissions {

    private static final Logger LOG = Logger.getLogger(Permissions.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request the command will make, why, and whether the command can do without it. */
    public record Need(ApiAction action, String neededFor, boolean courtesy) {

        public static Need of(ApiAction action, String neededFor) {
            return new Need(action, neededFor, false);
        }

        public static Need courtesy(ApiAction action, String neededFor) {
            return new Need(action, neededFor, true);
        }
    }

    private Permissions() {
    }

    /**
     * Throws exit 3 for the first needed request that is denied, naming the cluster {@code retry} goes
     * to where there are several; warns about denied courtesies.
     */
    public static void require(KubernetesClient client, ApiRetry retry, List<Need> needs) {
        for (Need need : needs) {
            Boolean allowed = allowed(client, need.action());
            if (allowed == null) {
                return; // no answer from this server: skip the check
            }
            if (allowed) {
                continue;
            }
            if (need.courtesy()) {
                LOG.warnf("forbidden to %s%s: no %s (the Roles in manifests/rbac/ grant it)", need.action(), retry.onWhere(), need.neededFor());
            } else {
                throw retry.forbidden(need.action(), identity(client), need.neededFor());
            }
        }
    }

    /**
     * Who the client is, as far as its credentials tell without asking: the subject of a
     * service-account token (a JWT), else null ("the hook's service account").
     */
    static String identity(KubernetesClient client) {
        try {
            String token = client.getConfiguration().getAutoOAuthToken();
            if (token == null) {
                token = client.getConfiguration().getOauthToken();
            }
            String[] parts = token == null ? new String[0] : token.split("\\.");
            if (parts.length != 3) {
                return null;
            }
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            String subject = claims.path("sub").asText("");
            return subject.isEmpty() ? null : subject;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The server's answer, or null when it gives none. */
    private static Boolean allowed(KubernetesClient client, ApiAction action) {
        int dot = action.resource().indexOf('.');
        String resource = dot < 0 ? action.resource() : action.resource().substring(0, dot);
        String group = dot < 0 ? "" : action.resource().substring(dot + 1);
        SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
                .withVerb(action.verb()).withGroup(group).withResource(resource).withNamespace(action.namespace())
                .withName(action.name()).endResourceAttributes().endSpec().build();
        try {
            SelfSubjectAccessReview answer = client.authorization().v1().selfSubjectAccessReview().create(review);
            return answer == null || answer.getStatus() == null ? null : answer.getStatus().getAllowed();
        } catch (RuntimeException e) {
            LOG.debugf("no access review for %s (%s): the requests themselves will tell", action, e.getMessage());
            return null;
        }
    }
}
