package org.tinyp2p.server;

import java.time.Duration;

/**
 * How long to wait before the next try of something that did not answer: the first wait, doubled after each
 * failure in a row, never more than the cap. Pure: the one asking keeps the count and the clock.
 *
 * @param first the wait after the first failure
 * @param cap the longest wait; zero means never try again
 */
record Backoff(Duration first, Duration cap) {
    /** A seed that is down: 1 s, 2 s, 4 s … up to the ping interval, by which liveness would have tried it anyway. */
    static Backoff forSeed(Duration pingInterval) {
        return new Backoff(Duration.ofSeconds(1), pingInterval);
    }

    Backoff {
        if (first.isNegative() || cap.isNegative()) {
            throw new IllegalArgumentException("negative wait: " + first + ", " + cap);
        }
    }

    /** Whether there is a next try at all. */
    boolean retries() {
        return !cap.isZero();
    }

    /** @param failures how many tries in a row have failed so far (1 after the first) */
    Duration after(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("no failure yet: " + failures);
        }
        Duration wait = first;
        for (int i = 1; i < failures && !wait.isZero() && wait.compareTo(cap) < 0; i++) { // doubling stops at the cap: no overflow
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(cap) < 0 ? wait : cap;
    }
}
