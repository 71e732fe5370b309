package dev.synchook.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON answer to a delivery: the run (created or adopted), or why nothing runs (ignored,
 * unconfirmed), or what is wrong with the request (with the field at fault). {@code requestId} is
 * also the {@code X-Request-Id} header and names the delivery in the receiver's log.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncAnswer(String outcome, String name, String namespace, String uid, String app, String revision,
        String phase, String reason, String field, String error, String requestId) {

    SyncAnswer(String outcome, String name, String namespace, String uid, String app, String revision, String phase,
            String reason, String field, String error) {
        this(outcome, name, namespace, uid, app, revision, phase, reason, field, error, null);
    }

    static SyncAnswer ignored(String app, String phase, String reason) {
        return new SyncAnswer("ignored", null, null, null, app, null, phase, reason, null, null);
    }

    static SyncAnswer error(String outcome, String field, String error) {
        return new SyncAnswer(outcome, null, null, null, null, null, null, null, field, error);
    }

    SyncAnswer withRequestId(String id) {
        return new SyncAnswer(outcome, name, namespace, uid, app, revision, phase, reason, field, error, id);
    }
}
