package dev.synchook.context;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The two reads discovery makes, so that tests can feed the resolver without a cluster. Each is
 * one GET; none happens unless the values it supplies are needed.
 */
public interface ClusterReader {

    /** {@code get jobs.batch NAME -n NAMESPACE}. */
    Read job(String namespace, String name);

    /** {@code get applications.argoproj.io NAME -n NAMESPACE}. */
    Read application(String namespace, String name);

    /**
     * A read's object, or why there is none: "not found", "forbidden: ...", "unreachable: ...".
     *
     * @param connection the connection that read it, where several clusters are in play ({@code argocd}), else null
     */
    record Read(Optional<JsonNode> object, String problem, String connection) {

        public static Read found(JsonNode object) {
            return new Read(Optional.of(object), null, null);
        }

        public static Read missing(String problem) {
            return new Read(Optional.empty(), problem, null);
        }

        public Read via(String connection) {
            return new Read(object, problem, connection);
        }

        /** {@code "job ns/name"} as a value's source: with {@code " (local)"} when several clusters are in play. */
        public String where(String what) {
            return connection == null ? what : what + " (" + connection + ")";
        }
    }
}
