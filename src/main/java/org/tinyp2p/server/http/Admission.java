package org.tinyp2p.server.http;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may hold a connection, decided when it is accepted (before any TLS or HTTP work), so that connections
 * that say nothing, or say it slowly, cannot keep anyone else out:
 * <ul>
 * <li>an address (an IPv6 /64) holds at most {@link #PER_ADDRESS} connections, or {@link #PER_TRUSTED_ADDRESS}
 * once it proved the password lately, of which still at most {@link #PER_ADDRESS} in their handshake or request
 * head; a newcomer over that takes the place of the address's own connection that has been idle longest, else
 * of its oldest one still in its handshake or request head. Only a connection whose request is being answered
 * keeps its place: a newcomer that finds all of them so is turned away;</li>
 * <li>addresses that have not proved the password hold at most {@link #OPEN} connections in all; the
 * {@link #RESERVED} beyond are for those that have, so strangers from many addresses cannot fill the door;</li>
 * <li>at a full door, a newcomer takes a place from the address that holds the most (its idle-longest, else its
 * oldest handshake or head), if that one holds more than the newcomer's own address would; else (every address
 * holds one) the place of the stranger's connection longest in its handshake or head; so whoever holds few
 * connections gets in, however many addresses fill the door, members gone bad among them.</li>
 * </ul>
 * A pure policy: it sees connections only as {@link Occupant}s and leaves closing them to the caller.
 */
final class Admission<O extends Admission.Occupant> {
    static final int PER_ADDRESS = 16;
    static final int PER_TRUSTED_ADDRESS = 96;
    static final int OPEN = 256;
    static final int RESERVED = 128;

    /** A connection as the policy sees it. */
    interface Occupant {
        /** The address, or IPv6 /64, it comes from. */
        InetAddress group();

        /** Whether its address had proved the password lately when it was accepted. */
        boolean trusted();

        Phase phase();

        /** When it entered its phase (any clock, the same for all). */
        long since();
    }

    /** The answer for a newcomer: in or not, and whose place it takes. */
    record Decision<O>(boolean admitted, Optional<O> evicted) {
        static <O> Decision<O> refused() {
            return new Decision<>(false, Optional.empty());
        }
    }

    private final Map<InetAddress, List<O>> byGroup = new HashMap<>();
    private int untrusted;
    private int all;

    /** Admits {@code newcomer} (counting it from now on) or not; an evicted occupant no longer counts. */
    synchronized Decision<O> admit(O newcomer) {
        List<O> mine = byGroup.getOrDefault(newcomer.group(), List.of());
        Optional<O> evicted = Optional.empty();
        long arriving = mine.stream().filter(Admission::arriving).count();
        if (mine.size() >= (newcomer.trusted() ? PER_TRUSTED_ADDRESS : PER_ADDRESS)) {
            evicted = victim(mine);
        } else if (arriving >= PER_ADDRESS) { // a trusted address's many places are for requests, not silence
            evicted = mine.stream().filter(Admission::arriving).min(Comparator.comparingLong(Occupant::since));
        } else if (!newcomer.trusted() && untrusted >= OPEN) {
            evicted = fromLargest(newcomer, o -> !o.trusted()).or(() -> oldestArriving(o -> !o.trusted()));
        } else if (all >= OPEN + RESERVED) {
            evicted = fromLargest(newcomer, o -> true).or(() -> oldestArriving(o -> !o.trusted()))
                    .or(() -> oldestArriving(o -> true));
        } else {
            return enter(newcomer, Optional.empty());
        }
        return evicted.isEmpty() ? Decision.refused() : enter(newcomer, evicted);
    }

    private Decision<O> enter(O newcomer, Optional<O> evicted) {
        evicted.ifPresent(this::remove);
        byGroup.computeIfAbsent(newcomer.group(), g -> new ArrayList<>()).add(newcomer);
        all++;
        if (!newcomer.trusted()) {
            untrusted++;
        }
        return new Decision<>(true, evicted);
    }

    /**
     * The connection of the pool that has been in its handshake or head longest, whatever its address: when
     * every address holds one (a stranger with hundreds), a newcomer still gets in, and keeps its place until
     * hundreds have come after it, time enough for its handshake and the password exchange.
     */
    private Optional<O> oldestArriving(java.util.function.Predicate<O> pool) {
        return byGroup.values().stream().flatMap(List::stream).filter(pool).filter(Admission::arriving)
                .min(Comparator.comparingLong(Occupant::since));
    }

    /** Still in its handshake or request head: nothing said yet that could be answered. */
    private static boolean arriving(Occupant o) {
        return o.phase() == Phase.HANDSHAKE || o.phase() == Phase.HEAD;
    }

    /**
     * At a full door (of the pool given): a place from the address holding the most of it, if it holds more
     * than the newcomer's address would with the newcomer in; its own idle-longest, else its oldest arriving.
     */
    private Optional<O> fromLargest(O newcomer, java.util.function.Predicate<O> pool) {
        long mine = byGroup.getOrDefault(newcomer.group(), List.of()).stream().filter(pool).count() + 1;
        List<O> largest = List.of();
        for (List<O> group : byGroup.values()) {
            List<O> held = group.stream().filter(pool).toList();
            if (held.size() > largest.size() && held.size() > mine && victim(held).isPresent()) {
                largest = held;
            }
        }
        return victim(largest);
    }

    /** The connection has ended (it is no longer counted; ending twice is harmless). */
    synchronized void left(O occupant) {
        remove(occupant);
    }

    synchronized int count() {
        return all;
    }

    /** Everyone in, now. */
    synchronized List<O> all() {
        return byGroup.values().stream().flatMap(List::stream).toList();
    }

    private void remove(O occupant) {
        List<O> mine = byGroup.get(occupant.group());
        if (mine == null || !mine.remove(occupant)) {
            return;
        }
        if (mine.isEmpty()) {
            byGroup.remove(occupant.group());
        }
        all--;
        if (!occupant.trusted()) {
            untrusted--;
        }
    }

    /** Idle longest first; else the oldest still in its handshake or head; never one being answered. */
    private Optional<O> victim(List<O> mine) {
        Comparator<O> idleFirst = Comparator.comparing((O o) -> o.phase() != Phase.IDLE);
        return mine.stream().filter(o -> o.phase().evictable()).min(idleFirst.thenComparingLong(Occupant::since));
    }
}
