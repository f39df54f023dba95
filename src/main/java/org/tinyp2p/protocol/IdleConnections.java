package org.tinyp2p.protocol;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.tinyp2p.peer.PeerUrl;

/**
 * Raw-path connections between two downloads, per peer, so a run of many small files does not pay a TCP
 * handshake each. A few per peer at most; one left over is closed. Servers close idle connections after
 * 30 s, which the caller notices when it sends and then opens a new one. At most {@link #IN_ALL} are kept in
 * all: each holds buffers ({@link RawConnection#READ_AHEAD} and a head), and a walk may reach 1,000 peers.
 */
final class IdleConnections {
    static final int PER_PEER = 8;
    static final int IN_ALL = 64;

    private final Map<PeerUrl, Deque<RawConnection>> idle = new HashMap<>();
    private int kept;

    /** A kept connection to {@code peer}, most recently used first, or null. */
    synchronized RawConnection take(PeerUrl peer) {
        Deque<RawConnection> forPeer = idle.get(peer);
        RawConnection connection = forPeer == null ? null : forPeer.pollFirst();
        if (connection != null) {
            kept--;
        }
        if (forPeer != null && forPeer.isEmpty()) {
            idle.remove(peer);
        }
        return connection;
    }

    synchronized void give(RawConnection connection) {
        Deque<RawConnection> forPeer = idle.computeIfAbsent(connection.peer(), p -> new ArrayDeque<>());
        if (forPeer.size() < PER_PEER && kept < IN_ALL) {
            forPeer.addFirst(connection);
            kept++;
        } else {
            if (forPeer.isEmpty()) {
                idle.remove(connection.peer());
            }
            connection.close();
        }
    }
}
