package dev.synchook.webhook;

import dev.synchook.tekton.CreatedRun;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Concurrent deliveries of one notification in this process share one create: the first asks the
 * API server, the others wait for its answer and adopt the run. The API server's AlreadyExists
 * still decides across replicas; this only spares it a burst of doomed creates.
 */
final class InFlight {

    private final ConcurrentHashMap<String, CompletableFuture<CreatedRun>> running = new ConcurrentHashMap<>();

    CreatedRun createOnce(String key, Supplier<CreatedRun> create) {
        CompletableFuture<CreatedRun> mine = new CompletableFuture<>();
        CompletableFuture<CreatedRun> first = running.putIfAbsent(key, mine);
        if (first != null) {
            try {
                return new CreatedRun(first.join().run(), false);
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
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
