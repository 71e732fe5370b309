package dev.synchook.webhook;

/**
 * A delivery the receiver refuses or does not act on: the HTTP status, the answer's outcome, the
 * payload field at fault (if any) and why, in words fit for the sender (no internals).
 */
public final class WebhookException extends RuntimeException {

    private final int status;
    private final String outcome;
    private final String field;
    private final long retryAfterSeconds;

    public WebhookException(int status, String outcome, String field, String message) {
        this(status, outcome, field, message, 0);
    }

    private WebhookException(int status, String outcome, String field, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.outcome = outcome;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Too many deliveries (429) or a duplicate still waiting for the first one (503): try again after that many seconds. */
    static WebhookException retryLater(int status, String outcome, String message, long retryAfterSeconds) {
        return new WebhookException(status, outcome, null, message, Math.max(1, retryAfterSeconds));
    }

    static WebhookException invalid(String field, String message) {
        return new WebhookException(400, "invalid", field, field + ": " + message);
    }

    /** The Application's record of the operation contradicts the payload: 409, nothing created. */
    static WebhookException disagreement(String field, String message) {
        return new WebhookException(409, "disagreement", field, message);
    }

    /** The Application does not record the operation: 202, nothing created (retrying cannot help). */
    static WebhookException unconfirmed(String message) {
        return new WebhookException(202, "unconfirmed", null, message);
    }

    public int status() {
        return status;
    }

    public String outcome() {
        return outcome;
    }

    public String field() {
        return field;
    }

    /** Seconds for {@code Retry-After}, or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
