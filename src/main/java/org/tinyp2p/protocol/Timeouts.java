package org.tinyp2p.protocol;

import java.time.Duration;

/**
 * How long a call to a peer may take: to connect, between two reads, and in all. The total matters because
 * a peer that trickles one byte at a time never trips a read timeout.
 */
public record Timeouts(Duration connect, Duration read, Duration call) {
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(60));
}
