package org.tinyp2p.server;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.tinyp2p.Report;
import org.tinyp2p.peer.PeerList;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.PeerDialer;
import org.tinyp2p.protocol.PeerException;

/**
 * Joins a network the way the original does: send our list (with us in it) to the seed, merge its answer,
 * then send it to every server we learned of, so that every server learns of us. A server that does not
 * answer is reported and kept in the list; the flood goes on without it.
 */
final class Joiner {
    private final PeerUrl self;
    private final PeerList peers;
    private final PeerDialer dialer;
    private final Report report;

    Joiner(PeerUrl self, PeerList peers, PeerDialer dialer, Report report) {
        this.self = self;
        this.peers = peers;
        this.dialer = dialer;
        this.report = report;
    }

    /**
     * @throws PeerException if the seed refuses our password: a server of the wrong network is a mistake
     *         to report, not to run with
     */
    void join(PeerUrl seed) throws PeerException {
        peers.add(seed);
        Set<PeerUrl> done = new HashSet<>();
        done.add(self);
        Deque<PeerUrl> next = new ArrayDeque<>();
        next.add(seed);
        int reached = 0;
        boolean seedAnswered = false;
        while (!next.isEmpty()) {
            PeerUrl peer = next.poll();
            if (!done.add(peer)) {
                continue;
            }
            try {
                PeerService.announce(peers.merge(dialer.peer(peer).exchangePeers(peers.toWire())), report);
                reached++;
                seedAnswered |= peer.equals(seed);
            } catch (PeerException e) {
                if (peer.equals(seed) && e.kind() == PeerException.Kind.PASSWORD_REFUSED) {
                    throw e;
                }
                report.warn((peer.equals(seed) ? "Seed " : "Peer ") + e.getMessage()
                        + (peer.equals(seed) ? "; serving alone until peers call" : ""));
            }
            for (PeerUrl known : peers.snapshot()) {
                if (!done.contains(known)) {
                    next.add(known);
                }
            }
        }
        if (seedAnswered) {
            report.info("Joined the network through " + seed + ": " + peers.size() + " servers known, "
                    + reached + " reached");
        } // else the warning said it: serving alone, and the seed is pinged again like any known server
    }
}
