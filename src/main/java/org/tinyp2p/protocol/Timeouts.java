package org.tinyp2p.protocol;

import java.time.Duration;

/**
 * How long a call to a peer may take: to connect, between two reads, and in all. The total matters because
 * a peer that trickles one byte at a time never trips a read timeout.
 *
 * <p>Asking a peer something (the password exchange, a ping, a listing) is quick for a live one, so a client
 * gives it short limits of its own ({@link #asking}, {@link #listing}): a peer that accepts and never answers
 * costs a run seconds, not the read timeout moving file bytes needs on a loaded machine. Servers are patient
 * ({@link #PATIENT}).
 */
public record Timeouts(Duration connect, Duration read, Duration call, boolean quickAsking) {
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(60));
    /**
     * For servers: asking gets the data path's limits too. No user waits on a server's pings and joins, and a
     * server must not give up on peers that are merely busy: 64 servers started at once on two cores answered
     * the password exchange in more than 4 s, and with short limits most of them failed to join.
     */
    public static final Timeouts PATIENT = new Timeouts(DEFAULT.connect(), DEFAULT.read(), DEFAULT.call(), false);

    public Timeouts(Duration connect, Duration read, Duration call) {
        this(connect, read, call, true);
    }
    /** Waiting for a peer that asks nothing of its disk: a LAN answers in milliseconds, and a lost packet is resent in 1 s. */
    static final Duration ASK_WAIT = Duration.ofSeconds(4);
    static final Duration ASK_CALL = Duration.ofSeconds(10);
    /** A listing is up to {@link Protocol#MAX_RESPONSE_BYTES}: time to carry it on a poor LAN. */
    static final Duration LIST_CALL = Duration.ofSeconds(30);

    /** For the password exchange and pings. */
    public Timeouts asking() {
        return quickAsking ? new Timeouts(min(connect, ASK_WAIT), min(read, ASK_WAIT), min(call, ASK_CALL)) : this;
    }

    /** For listings. */
    public Timeouts listing() {
        return quickAsking ? new Timeouts(min(connect, ASK_WAIT), min(read, ASK_WAIT), min(call, LIST_CALL)) : this;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
