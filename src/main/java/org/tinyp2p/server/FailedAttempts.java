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
 * guesses a minute, not thousands a second; a friend who mistyped waits a minute at worst.
 *
 * <p>One machine commonly holds a whole IPv6 /64 and could take a fresh address for every few guesses, so an
 * IPv6 network also has an allowance of its own ({@link #NETWORK_ALLOWED}). Every host of a LAN usually shares
 * that /64, so a stranger could spend it to keep the LAN out: an address that proved the password lately
 * ({@link #TRUSTED_MILLIS}) is not held back by its network, only by its own failures.
 *
 * <p>Trust is remembered per address; an IPv6 /64 keeps at most {@link #PROVEN_PER_NETWORK} of its proven
 * addresses, so one machine proving the password from thousands cannot push the others out of the table.
 *
 * <p>A guesser on a LAN may also hold many IPv4 addresses, each with an allowance of its own; so the server as
 * a whole allows {@link #SERVER_ALLOWED} failures a minute from addresses that have not proved the password
 * lately. Spending it keeps out only newcomers, and only while the guessing goes on; members whose address
 * proved the password within a day are never held back by it.
 */
final class FailedAttempts implements org.tinyp2p.server.http.CallerTrust {
    static final int ALLOWED = 5;
    static final int NETWORK_ALLOWED = 15;
    static final int SERVER_ALLOWED = 30;
    static final long WINDOW_MILLIS = 60_000;
    static final long TRUSTED_MILLIS = 24 * 3_600_000L;
    /** Addresses remembered at once, in each table; the least recent go first. */
    private static final int MAX_ADDRESSES = 10_000;
    /**
     * Proven addresses remembered per IPv6 /64: one machine holds a whole /64, and proving the password from
     * 10,000 of its addresses must not push the other members out of the table (and so out of their trust).
     */
    static final int PROVEN_PER_NETWORK = 64;

    private final LongSupplier clock;
    private final Window byAddress = new Window(ALLOWED);
    private final Window byNetwork = new Window(NETWORK_ALLOWED);
    private final Window strangers = new Window(SERVER_ALLOWED);
    /** When each address last proved the password. */
    private final Map<InetAddress, Long> proven = new LinkedHashMap<>(16, 0.75f, true);

    FailedAttempts(LongSupplier clock) {
        this.clock = clock;
    }

    FailedAttempts() {
        this(System::currentTimeMillis);
    }

    /** Which allowance holds a caller back. */
    enum Scope {
        ADDRESS, NETWORK, SERVER
    }

    /** How long a caller must wait before its next exchange (0: it may go on), and which allowance it spent. */
    record Holdback(long seconds, Scope scope) {
        static final Holdback NONE = new Holdback(0, Scope.ADDRESS);
    }

    /** The key of the server-wide window: one for all strangers. */
    private static final InetAddress EVERYONE = InetAddress.getLoopbackAddress();

    synchronized void failed(InetAddress caller) {
        long now = clock.getAsLong();
        byAddress.add(caller, now);
        network(caller).ifPresent(n -> byNetwork.add(n, now));
        if (!trusted(caller)) {
            strangers.add(EVERYONE, now);
        }
    }

    /** The address proved the password. */
    synchronized void proven(InetAddress caller) {
        proven.put(caller, clock.getAsLong());
        network(caller).ifPresent(this::evictWithin);
        if (proven.size() > MAX_ADDRESSES) {
            evictFromLargest();
        }
    }

    /**
     * A full table of proven addresses gives up the least recent of the IPv4 /24 (or IPv6 /64) holding the most:
     * one who proves the password from thousands of addresses pushes out its own, not the other members.
     */
    private void evictFromLargest() {
        Map<InetAddress, Integer> perBlock = new java.util.HashMap<>();
        for (InetAddress address : proven.keySet()) {
            perBlock.merge(block(address), 1, Integer::sum);
        }
        InetAddress largest = java.util.Collections.max(perBlock.entrySet(), Map.Entry.comparingByValue()).getKey();
        Iterator<InetAddress> leastRecent = proven.keySet().iterator();
        while (proven.size() > MAX_ADDRESSES && leastRecent.hasNext()) {
            if (largest.equals(block(leastRecent.next()))) {
                leastRecent.remove();
            }
        }
    }

    /** An IPv4 address's /24, an IPv6 address's /64. */
    private static InetAddress block(InetAddress address) {
        if (address instanceof Inet6Address) {
            return key(address);
        }
        byte[] bytes = address.getAddress();
        bytes[3] = 0;
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are an IPv4 address", e);
        }
    }

    /** Keeps the {@link #PROVEN_PER_NETWORK} most recent proven addresses of one /64. */
    private void evictWithin(InetAddress network) {
        long ofNetwork = proven.keySet().stream().filter(a -> network.equals(key(a))).count();
        Iterator<InetAddress> leastRecent = proven.keySet().iterator();
        while (ofNetwork > PROVEN_PER_NETWORK && leastRecent.hasNext()) {
            if (network.equals(key(leastRecent.next()))) {
                leastRecent.remove();
                ofNetwork--;
            }
        }
    }

    /** Whether the address proved the password within {@link #TRUSTED_MILLIS}. */
    @Override
    public synchronized boolean trusted(InetAddress caller) {
        Long lastProven = proven.get(caller);
        return lastProven != null && clock.getAsLong() - lastProven < TRUSTED_MILLIS;
    }

    @Override
    public InetAddress group(InetAddress address) {
        return key(address);
    }

    /** Seconds the address must wait before its next exchange, or 0 if it may go on. */
    long waitSeconds(InetAddress caller) {
        return holdback(caller).seconds();
    }

    /** The longest of the waits that apply to the caller: its own; unless it is trusted, its network's and the server's. */
    synchronized Holdback holdback(InetAddress caller) {
        long now = clock.getAsLong();
        Holdback longest = new Holdback(byAddress.waitSeconds(caller, now), Scope.ADDRESS);
        if (!trusted(caller)) {
            java.util.Optional<InetAddress> network = network(caller);
            if (network.isPresent()) {
                longest = longer(longest, new Holdback(byNetwork.waitSeconds(network.get(), now), Scope.NETWORK));
            }
            longest = longer(longest, new Holdback(strangers.waitSeconds(EVERYONE, now), Scope.SERVER));
        }
        return longest.seconds() == 0 ? Holdback.NONE : longest;
    }

    private static Holdback longer(Holdback a, Holdback b) {
        return b.seconds() > a.seconds() ? b : a;
    }

    /** What a caller's checks are grouped by: its IPv6 /64 network, or its IPv4 address. */
    static InetAddress key(InetAddress caller) {
        return network(caller).orElse(caller);
    }

    /** An IPv6 address's /64 network; none for IPv4. */
    static java.util.Optional<InetAddress> network(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return java.util.Optional.empty();
        }
        byte[] bytes = address.getAddress();
        Arrays.fill(bytes, 8, 16, (byte) 0);
        try {
            return java.util.Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }

    private static void evict(Map<InetAddress, ?> table) {
        Iterator<?> oldest = table.values().iterator();
        while (table.size() > MAX_ADDRESSES) {
            oldest.next();
            oldest.remove();
        }
    }

    /** Failure times per key within the window, and how many it allows. */
    private static final class Window {
        private final int allowed;
        private final Map<InetAddress, Deque<Long>> times = new LinkedHashMap<>(16, 0.75f, true);

        Window(int allowed) {
            this.allowed = allowed;
        }

        void add(InetAddress key, long now) {
            times.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(now);
            evict(times);
        }

        long waitSeconds(InetAddress key, long now) {
            Deque<Long> list = times.get(key);
            if (list == null) {
                return 0;
            }
            while (!list.isEmpty() && now - list.peekFirst() >= WINDOW_MILLIS) {
                list.removeFirst();
            }
            if (list.isEmpty()) {
                times.remove(key);
                return 0;
            }
            return list.size() < allowed ? 0 : Math.max(1, (list.peekFirst() + WINDOW_MILLIS - now + 999) / 1000);
        }
    }
}
