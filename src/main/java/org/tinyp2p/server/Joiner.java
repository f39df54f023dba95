package org.tinyp2p.server;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tinyp2p.Report;
import org.tinyp2p.peer.PeerList;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.PeerDialer;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.RemotePeer;

/**
 * Joins a network the way the original does: send our list (with us in it) to the seed, merge its answer,
 * then send it to every server we learned of, so that every server learns of us. Each server is called in a
 * session, so each one reached has proven the password; one that does not answer or cannot prove it is
 * reported and kept only as a candidate; the flood goes on without it. The seed failing ends the join:
 * {@link SeedJoin} decides what then.
 */
final class Joiner {
    private final PeerUrl self;
    private final PeerList peers;
    private final PeerDialer dialer;
    private final Report report;

    private final java.util.function.Predicate<PeerUrl> mayCall;

    /** @param mayCall whether an address learned from others may be called ({@link Liveness#mayCall}) */
    Joiner(PeerUrl self, PeerList peers, PeerDialer dialer, Report report, java.util.function.Predicate<PeerUrl> mayCall) {
        this.mayCall = mayCall;
        this.self = self;
        this.peers = peers;
        this.dialer = dialer;
        this.report = report;
    }

    /** @throws PeerException if the seed fails: nobody else was called */
    void join(PeerUrl seed) throws PeerException {
        peers.add(seed);
        Set<PeerUrl> done = new HashSet<>();
        done.add(self);
        Deque<PeerUrl> next = new ArrayDeque<>();
        next.add(seed);
        int reached = 0;
        while (!next.isEmpty()) {
            PeerUrl peer = next.poll();
            if (!done.add(peer)) {
                continue;
            }
            if (!peer.equals(seed) && !mayCall.test(peer)) {
                peers.forget(peer);
                continue;
            }
            try {
                RemotePeer remote = dialer.peer(peer);
                List<Object> theirs = remote.exchangePeers(peers.toWire());
                PeerUrl as = remote.provenAs();
                // the seed may be named otherwise (localhost): it says who it is, but not a local-only address we may not call
                if (as.equals(peer) || peer.equals(seed) && mayCall.test(as)) {
                    if (peers.proven(as)) { // it proved the password: it is one of us
                        PeerService.announce(List.of(as), report);
                    }
                } else {
                    report.debug(peer + " proved the password as " + as + ", not as itself; not taken in");
                }
                peers.merge(theirs); // candidates, each proven (or not) as the flood reaches it
                reached++;
            } catch (PeerException e) {
                if (peer.equals(seed)) {
                    throw e;
                }
                report.warn("Peer " + e.getMessage());
            }
            for (PeerUrl known : peers.snapshot()) {
                if (!done.contains(known)) {
                    next.add(known);
                }
            }
        }
        report.info("Joined the network through " + seed + ": " + peers.live().size() + " servers known, "
                + reached + " reached");
    }
}
