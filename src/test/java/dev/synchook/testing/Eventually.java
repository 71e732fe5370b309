package dev.synchook.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a value satisfies a condition: for state another thread is about to produce. */
public final class Eventually {

    private Eventually() {
    }

    public static <T> T get(Supplier<T> value, Predicate<T> ready, Duration atMost) {
        long end = System.nanoTime() + atMost.toNanos();
        while (true) {
            T current = value.get();
            if (ready.test(current)) {
                return current;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("not ready within " + atMost + ": " + current);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
