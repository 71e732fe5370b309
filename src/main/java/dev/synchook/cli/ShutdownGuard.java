package dev.synchook.cli;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * SIGTERM while a command works (Argo CD terminating the operation, or the Job's deadline): Quarkus
 * stops the application from its shutdown hook and fires {@link ShutdownEvent} before it closes the
 * Kubernetes client. Holding that event until the command has finished lets a waiting command
 * cancel its run and write its summary first. A JVM ending on a signal exits 128+15 whatever the
 * command returned, so once the command has recorded its exit code ({@link Guard#finish}) the
 * process halts with that code: SIGTERM while waiting exits 4, as documented, not 143. Tests call
 * {@link #stopAll} to take the same path without ending the JVM.
 */
@ApplicationScoped
public class ShutdownGuard {

    private static final Logger LOG = Logger.getLogger(ShutdownGuard.class);
    // Below Kubernetes' default terminationGracePeriodSeconds (30s), after which the pod is killed anyway.
    static final Duration GRACE = Duration.ofSeconds(20);

    private final Set<Guard> active = ConcurrentHashMap.newKeySet();

    /** One command at work: asked to stop, and telling when it is done. */
    public final class Guard implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile Integer exitCode;

        public boolean stopRequested() {
            return stop.get();
        }

        /** The command's output is complete and it ends with {@code code}; returns {@code code}. */
        public int finish(int code) {
            exitCode = code;
            return code;
        }

        @Override
        public void close() {
            active.remove(this);
            done.countDown();
        }
    }

    public Guard enter() {
        Guard guard = new Guard();
        active.add(guard);
        return guard;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        if (!active.isEmpty()) {
            LOG.warn("asked to stop: finishing the command in progress first");
            Set<Guard> stopped = stopAll(GRACE);
            stopped.stream().map(g -> g.exitCode).filter(java.util.Objects::nonNull).findFirst().ifPresent(code -> {
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(code);
            });
        }
    }

    /** Asks every command at work to stop and waits, at most {@code grace}, until they are done; returns them. */
    public Set<Guard> stopAll(Duration grace) {
        long end = System.nanoTime() + grace.toNanos();
        Set<Guard> guards = Set.copyOf(active);
        guards.forEach(g -> g.stop.set(true));
        try {
            for (Guard g : guards) {
                g.done.await(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return guards;
    }
}
