package dev.synchook.webhook;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How {@code serve} authenticates and limits deliveries: {@code synchook.webhook.token} =
 * {@code SYNCHOOK_WEBHOOK_TOKEN}, {@code synchook.webhook.token-file} = {@code SYNCHOOK_WEBHOOK_TOKEN_FILE}, ...
 * With neither a token nor an HMAC secret every request is refused.
 */
@ConfigMapping(prefix = "synchook.webhook")
public interface WebhookSettings {

    /** The bearer token the sender must present. */
    Optional<String> token();

    /** A file holding the bearer token (a mounted Secret); read again when it changes. */
    Optional<Path> tokenFile();

    /** The shared secret of {@code X-Synchook-Signature: sha256=<hex HMAC of the body>}. */
    Optional<String> hmacSecret();

    /** A file holding the HMAC secret. */
    Optional<Path> hmacSecretFile();

    /** Larger bodies get 413; the template's payload is a few KiB. */
    @WithDefault("64K")
    MemorySize bodyLimit();
}
