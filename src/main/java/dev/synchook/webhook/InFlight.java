package dev.synchook.webhook;

import dev.synchook.tekton.CreatedRun;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Concurrent deliveries of one notification in this process share one create: the first asks the
 * API server, the others wait for its answer and adopt the run. The API server's AlreadyExists
 * still decides across replicas; this only spares it a burst of doomed creates. A waiter waits a
 * bounded time, then gets 503 with Retry-After: its retry adopts the run.
 */
final class InFlight {

    private final ConcurrentHashMap<String, CompletableFuture<CreatedRun>> running = new ConcurrentHashMap<>();

    CreatedRun createOnce(String key, Duration wait, Supplier<CreatedRun> create) {
        CompletableFuture<CreatedRun> mine = new CompletableFuture<>();
        CompletableFuture<CreatedRun> first = running.putIfAbsent(key, mine);
        if (first != null) {
            try {
                return new CreatedRun(first.get(wait.toMillis(), TimeUnit.MILLISECONDS).run(), false);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new CompletionException(e.getCause());
            } catch (TimeoutException e) {
                throw WebhookException.retryLater(503, "busy", "the same notification is still being processed; try again",
                        Math.max(1, wait.toSeconds()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw WebhookException.retryLater(503, "busy", "the receiver is stopping; try again", 1);
            }
        }
        try {
            CreatedRun run = create.get();
            mine.complete(run);
            return run;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(key, mine);
        }
    }
}
