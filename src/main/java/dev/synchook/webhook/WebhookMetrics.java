package dev.synchook.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@code synchook_webhook_requests_total{outcome}}, {@code synchook_webhook_runs_total{result}},
 * {@code synchook_webhook_refused_total{reason}} and the
 * histogram {@code synchook_webhook_create_seconds} on {@code /q/metrics}.
 */
@ApplicationScoped
public class WebhookMetrics {

    @Inject
    MeterRegistry registry;

    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private volatile Timer createTimer;

    void request(String outcome) {
        counter("synchook.webhook.requests", "outcome", outcome).increment();
    }

    /** Deliveries refused before or instead of a run, by reason: {@code synchook_webhook_refused_total{reason}}. */
    void refused(String reason) {
        counter("synchook.webhook.refused", "reason", reason).increment();
    }

    /** created, adopted, ignored or failed. */
    void run(String result) {
        counter("synchook.webhook.runs", "result", result).increment();
    }

    void createTook(Duration duration) {
        Timer timer = createTimer;
        if (timer == null) {
            timer = Timer.builder("synchook.webhook.create").description("Time to create or adopt the PipelineRun")
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
            createTimer = timer;
        }
        timer.record(duration);
    }

    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(name + "|" + value, k -> Counter.builder(name).tag(tag, value).register(registry));
    }
}
