package org.tinyp2p.server;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Wrong passwords per address: after {@link #ALLOWED} failed exchanges within {@link #WINDOW_MILLIS}, an
 * address is turned away until the oldest of them is that old. A guesser on the LAN then gets a handful of
 * guesses a minute, not thousands a second; a friend who mistyped waits a minute at worst.
 */
final class FailedAttempts {
    static final int ALLOWED = 5;
    static final long WINDOW_MILLIS = 60_000;
    /** Addresses remembered at once; the least recent go first. */
    private static final int MAX_ADDRESSES = 10_000;

    private final LongSupplier clock;
    private final Map<InetAddress, Deque<Long>> failures = new LinkedHashMap<>(16, 0.75f, true);

    FailedAttempts(LongSupplier clock) {
        this.clock = clock;
    }

    FailedAttempts() {
        this(System::currentTimeMillis);
    }

    synchronized void failed(InetAddress address) {
        failures.computeIfAbsent(address, a -> new ArrayDeque<>()).addLast(clock.getAsLong());
        Iterator<Deque<Long>> oldest = failures.values().iterator();
        while (failures.size() > MAX_ADDRESSES) {
            oldest.next();
            oldest.remove();
        }
    }

    /** Takes back the newest failure counted for the address (counted before a check that then succeeded). */
    synchronized void forgive(InetAddress address) {
        Deque<Long> times = failures.get(address);
        if (times != null && !times.isEmpty()) {
            times.removeLast();
        }
    }

    /** Seconds the address must wait before its next exchange, or 0 if it may go on. */
    synchronized long waitSeconds(InetAddress address) {
        Deque<Long> times = failures.get(address);
        if (times == null) {
            return 0;
        }
        long now = clock.getAsLong();
        while (!times.isEmpty() && now - times.peekFirst() >= WINDOW_MILLIS) {
            times.removeFirst();
        }
        if (times.isEmpty()) {
            failures.remove(address);
            return 0;
        }
        return times.size() < ALLOWED ? 0 : Math.max(1, (times.peekFirst() + WINDOW_MILLIS - now + 999) / 1000);
    }
}
