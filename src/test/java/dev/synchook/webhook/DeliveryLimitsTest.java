package dev.synchook.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchook.tekton.CreatedRun;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The abuse limits and the bounded wait of duplicates, without a server. */
class DeliveryLimitsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private DeliveryLimits limits(int maxInFlight, int appRate) {
        Map<String, Object> values = Map.of("maxInFlight", maxInFlight, "appRate", appRate);
        WebhookSettings settings = (WebhookSettings) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {WebhookSettings.class}, (proxy, method, args) -> values.get(method.getName()));
        WebhookMetrics metrics = new WebhookMetrics();
        metrics.registry = registry;
        DeliveryLimits limits = new DeliveryLimits();
        limits.settings = settings;
        limits.metrics = metrics;
        limits.init();
        return limits;
    }

    private double refused(String reason) {
        var counter = registry.find("synchook.webhook.refused").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void moreDeliveriesAtOnceThanAllowedAre429UntilOneEnds() {
        DeliveryLimits limits = limits(2, 100);
        limits.enter();
        limits.enter();
        assertThatThrownBy(limits::enter).isInstanceOfSatisfying(WebhookException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.outcome()).isEqualTo("busy");
            assertThat(e.retryAfterSeconds()).isEqualTo(1);
        });
        assertThat(refused("too_many_in_flight")).isEqualTo(1);
        limits.release();
        limits.enter();
    }

    @Test
    void moreDeliveriesForOneAppInAMinuteAre429UntilTheNextMinute() {
        DeliveryLimits limits = limits(10, 3);
        Instant t = Instant.ofEpochSecond(1_800_000_000L - 1_800_000_000L % 60 + 15); // 15 s into a minute
        for (int i = 0; i < 3; i++) {
            limits.admit("web", t);
        }
        // another app has its own count
        limits.admit("api", t);
        assertThatThrownBy(() -> limits.admit("web", t)).isInstanceOfSatisfying(WebhookException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.outcome()).isEqualTo("rate_limited");
            assertThat(e.retryAfterSeconds()).isEqualTo(45);
        });
        assertThat(refused("rate_limited")).isEqualTo(1);
        limits.admit("web", t.plusSeconds(45));
    }

    @Test
    void aDuplicateWaitsABoundedTimeForTheFirstCreateThenIsToldToRetry() throws Exception {
        InFlight inFlight = new InFlight();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<CreatedRun> first = CompletableFuture.supplyAsync(() -> inFlight.createOnce("ns/run", Duration.ofSeconds(5), () -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        assertThatThrownBy(() -> inFlight.createOnce("ns/run", Duration.ofMillis(200), () -> {
            throw new AssertionError("a duplicate must not create");
        })).isInstanceOfSatisfying(WebhookException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.retryAfterSeconds()).isGreaterThanOrEqualTo(1);
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
    }
}
