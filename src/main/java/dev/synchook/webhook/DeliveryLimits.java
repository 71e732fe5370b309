package dev.synchook.webhook;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Abuse limits of {@code serve}: at most {@code synchook.webhook.max-in-flight} deliveries processed at
 * once, and at most {@code synchook.webhook.app-rate} per application per minute. Beyond either the
 * answer is 429 with {@code Retry-After}, for senders that honour it.
 */
@ApplicationScoped
public class DeliveryLimits {

    /** Applications remembered at most; older windows are dropped first. */
    private static final int MAX_APPS = 10_000;

    private record Window(long minute, int count) {
    }

    @Inject
    WebhookSettings settings;

    @Inject
    WebhookMetrics metrics;

    private Semaphore inFlight;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    @PostConstruct
    void init() {
        inFlight = new Semaphore(Math.max(1, settings.maxInFlight()));
    }

    /** A slot for one delivery, or 429; the caller releases it with {@link #release()}. */
    void enter() {
        if (!inFlight.tryAcquire()) {
            metrics.refused("too_many_in_flight");
            throw WebhookException.retryLater(429, "busy", settings.maxInFlight() + " deliveries are being processed; try again", 1);
        }
    }

    void release() {
        inFlight.release();
    }

    /** Counts one delivery for the application in this minute, or 429 until the next minute. */
    void admit(String app, Instant now) {
        long minute = now.getEpochSecond() / 60;
        if (windows.size() > MAX_APPS) {
            windows.values().removeIf(w -> w.minute() < minute);
        }
        Window window = windows.merge(app, new Window(minute, 1),
                (old, one) -> old.minute() == minute ? new Window(minute, old.count() + 1) : one);
        if (window.count() > settings.appRate()) {
            metrics.refused("rate_limited");
            throw WebhookException.retryLater(429, "rate_limited", "more than " + settings.appRate()
                    + " deliveries for this application in a minute; try again", (minute + 1) * 60 - now.getEpochSecond());
        }
    }
}
