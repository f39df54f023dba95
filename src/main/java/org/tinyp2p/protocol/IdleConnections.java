package org.tinyp2p.protocol;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.tinyp2p.peer.PeerUrl;

/**
 * Raw-path connections between two downloads, per peer, so a run of many small files does not pay a TCP
 * handshake each. A few per peer at most; one left over is closed. Servers close idle connections after
 * 30 s, which the caller notices when it sends and then opens a new one.
 */
final class IdleConnections {
    static final int PER_PEER = 8;

    private final Map<PeerUrl, Deque<RawConnection>> idle = new HashMap<>();

    /** A kept connection to {@code peer}, most recently used first, or null. */
    synchronized RawConnection take(PeerUrl peer) {
        Deque<RawConnection> kept = idle.get(peer);
        return kept == null ? null : kept.pollFirst();
    }

    synchronized void give(RawConnection connection) {
        Deque<RawConnection> kept = idle.computeIfAbsent(connection.peer(), p -> new ArrayDeque<>());
        if (kept.size() < PER_PEER) {
            kept.addFirst(connection);
        } else {
            connection.close();
        }
    }
}
