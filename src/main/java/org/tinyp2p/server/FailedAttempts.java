package org.tinyp2p.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Wrong passwords per address: after {@link #ALLOWED} failed exchanges within {@link #WINDOW_MILLIS}, an
 * address is turned away until the oldest of them is that old. A guesser on the LAN then gets a handful of
 * guesses a minute, not thousands a second; a friend who mistyped waits a minute at worst. An IPv6 address counts
 * by its /64 network, since one machine commonly holds a whole /64 and could otherwise take a fresh address for
 * every few guesses.
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

    synchronized void failed(InetAddress caller) {
        InetAddress address = key(caller);
        failures.computeIfAbsent(address, a -> new ArrayDeque<>()).addLast(clock.getAsLong());
        Iterator<Deque<Long>> oldest = failures.values().iterator();
        while (failures.size() > MAX_ADDRESSES) {
            oldest.next();
            oldest.remove();
        }
    }

    /** Takes back the newest failure counted for the address (counted before a check that then succeeded). */
    synchronized void forgive(InetAddress caller) {
        InetAddress address = key(caller);
        Deque<Long> times = failures.get(address);
        if (times != null && !times.isEmpty()) {
            times.removeLast();
        }
    }

    /** Seconds the address must wait before its next exchange, or 0 if it may go on. */
    synchronized long waitSeconds(InetAddress caller) {
        InetAddress address = key(caller);
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

    /** What failures count against: an IPv4 address, or an IPv6 address's /64 network. */
    static InetAddress key(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] bytes = address.getAddress();
        Arrays.fill(bytes, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }
}
