package dev.synchook.webhook;

/** A delivery the receiver refuses: the HTTP status, the payload field at fault (if any) and why. */
public final class WebhookException extends RuntimeException {

    private final int status;
    private final String field;

    public WebhookException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    static WebhookException invalid(String field, String message) {
        return new WebhookException(400, field, field + ": " + message);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
