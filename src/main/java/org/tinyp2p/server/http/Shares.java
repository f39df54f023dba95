package org.tinyp2p.server.http;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Something the door has a fixed amount of (workers, bytes of request bodies), shared by members (callers
 * whose address proved the password lately) and strangers, who together may hold only {@code strangersPart}
 * of it: whatever strangers do, members find the rest.
 */
final class Shares {
    private final Semaphore all;
    private final Semaphore strangers;

    /** @param fair whether takers wait in turn (a large taker then holds up the smaller ones behind it) */
    Shares(int total, int strangersPart, boolean fair) {
        if (strangersPart > total) {
            throw new IllegalArgumentException("strangers' part " + strangersPart + " of " + total);
        }
        this.all = new Semaphore(total, fair);
        this.strangers = new Semaphore(strangersPart, fair);
    }

    /** Takes {@code n}, waiting at most {@code millis} (0: not at all); whether it got them. */
    boolean take(int n, boolean member, long millis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        if (!member && !acquire(strangers, n, until)) {
            return false;
        }
        if (acquire(all, n, until)) {
            return true;
        }
        if (!member) {
            strangers.release(n);
        }
        return false;
    }

    /** Gives back {@code n} taken as {@code member} took them. */
    void give(int n, boolean member) {
        all.release(n);
        if (!member) {
            strangers.release(n);
        }
    }

    int available() {
        return all.availablePermits();
    }

    private static boolean acquire(Semaphore semaphore, int n, long until) throws InterruptedException {
        return semaphore.tryAcquire(n) || semaphore.tryAcquire(n, Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
