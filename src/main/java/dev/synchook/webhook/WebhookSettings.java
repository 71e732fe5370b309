package dev.synchook.webhook;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How {@code serve} authenticates and limits deliveries: {@code synchook.webhook.token} =
 * {@code SYNCHOOK_WEBHOOK_TOKEN}, {@code synchook.webhook.token-file} = {@code SYNCHOOK_WEBHOOK_TOKEN_FILE}, ...
 * With neither a token nor an HMAC secret every request is refused.
 */
@ConfigMapping(prefix = "synchook.webhook")
public interface WebhookSettings {

    /** The bearer token the sender must present; several, one per line, during a rotation. */
    Optional<String> token();

    /** A file holding the bearer token(s) (a mounted Secret), one per line; read again when it changes. */
    Optional<Path> tokenFile();

    /**
     * The shared secret of {@code X-Synchook-Signature: sha256=<hex HMAC>}, of the body or, with
     * {@code X-Synchook-Timestamp: <unix seconds>}, of {@code <timestamp>.<body>}; several, one per line.
     */
    Optional<String> hmacSecret();

    /** A file holding the HMAC secret(s), one per line; read again when it changes. */
    Optional<Path> hmacSecretFile();

    /** Larger bodies get 413; the template's payload is a few KiB. */
    @WithDefault("64K")
    MemorySize bodyLimit();

    /** How far a signed {@code X-Synchook-Timestamp} may be from the receiver's clock, either way. */
    @WithDefault("5m")
    Duration timestampTolerance();

    /** Refuse HMAC signatures without a timestamp (senders that cannot send one then need the bearer token). */
    @WithDefault("false")
    boolean requireTimestamp();

    /**
     * Run on the payload's word when the Application does not record the notified operation (or is not
     * read at all). Off: such deliveries get 202 "unconfirmed" and nothing runs.
     */
    @WithDefault("false")
    boolean trustPayload();

    /** Deliveries processed at once; more get 429 with Retry-After. */
    @WithDefault("16")
    int maxInFlight();

    /** Deliveries per application per minute; more get 429 with Retry-After. */
    @WithDefault("30")
    int appRate();

    /** How long a duplicate delivery waits for the first one's create before it gets 503 with Retry-After. */
    @WithDefault("30s")
    Duration duplicateWait();
}
