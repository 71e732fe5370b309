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
     * The same reads, each object read at most once: one plan resolves twice (its identity, then what
     * its run needs) and must see one state of the cluster. Null stays null (no cluster).
     */
    static ClusterReader once(ClusterReader cluster) {
        if (cluster == null) {
            return null;
        }
        java.util.Map<String, Read> reads = new java.util.concurrent.ConcurrentHashMap<>();
        return new ClusterReader() {
            @Override
            public Read job(String namespace, String name) {
                return reads.computeIfAbsent("job " + namespace + "/" + name, k -> cluster.job(namespace, name));
            }

            @Override
            public Read application(String namespace, String name) {
                return reads.computeIfAbsent("application " + namespace + "/" + name, k -> cluster.application(namespace, name));
            }
        };
    }

    /**
     * A read's object, or why there is none: "not found", "forbidden: ...", "unreachable: ...".
     *
     * @param refused    the API server refused or could not answer it (RBAC, unreachable), so that a value
     *                   missing for that reason is exit 3, not bad input
     * @param connection the connection that read it, where several clusters are in play ({@code argocd}), else null
     */
    record Read(Optional<JsonNode> object, String problem, boolean refused, String connection) {

        public static Read found(JsonNode object) {
            return new Read(Optional.of(object), null, false, null);
        }

        public static Read missing(String problem) {
            return new Read(Optional.empty(), problem, false, null);
        }

        public static Read refused(String problem) {
            return new Read(Optional.empty(), problem, true, null);
        }

        public Read via(String connection) {
            return new Read(object, problem, refused, connection);
        }

        /** {@code "job ns/name"} as a value's source: with {@code " (local)"} when several clusters are in play. */
        public String where(String what) {
            return connection == null ? what : what + " (" + connection + ")";
        }
    }
}
