package dev.synchook.context;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.UnaryOperator;

/**
 * An Application as a notification carried it: the same shape as the {@code argoproj.io/v1alpha1}
 * object, so that {@link ApplicationFacts} reads it by the same rules as the live one, and a way to
 * name where each value came from in the sender's own terms.
 *
 * @param application the Application-shaped tree (metadata, spec, status)
 * @param origin what the values are called after: {@code payload}
 * @param fieldOf the sender's name of an Application field path, e.g. {@code operation.syncResult.revision}
 *        for {@code status.operationState.syncResult.revision}
 */
public record ApplicationSnapshot(JsonNode application, String origin, UnaryOperator<String> fieldOf) {

    public ApplicationSnapshot {
        application = application.deepCopy();
    }

    @Override
    public JsonNode application() {
        return application.deepCopy();
    }

    /** The source of a value read from the field at {@code path}. */
    String sourceOf(String path) {
        return origin + " " + fieldOf.apply(path);
    }
}
