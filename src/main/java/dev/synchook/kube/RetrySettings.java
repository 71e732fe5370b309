package dev.synchook.kube;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How API requests are retried: {@code synchook.api.max-attempts} = {@code SYNCHOOK_API_MAX_ATTEMPTS}, ... */
@ConfigMapping(prefix = "synchook.api")
public interface RetrySettings {

    /** Attempts in all for one request that fails transiently (connection error, 429, 5xx). */
    @WithDefault("5")
    int maxAttempts();

    /** The first wait between attempts; it doubles up to {@link #maxBackoff()}. */
    @WithDefault("200ms")
    Duration initialBackoff();

    @WithDefault("5s")
    Duration maxBackoff();

    default ApiRetry.Policy policy() {
        return new ApiRetry.Policy(Math.max(1, maxAttempts()), initialBackoff(), maxBackoff());
    }
}
