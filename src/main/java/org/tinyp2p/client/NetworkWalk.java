package org.tinyp2p.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tinyp2p.Report;
import org.tinyp2p.peer.PeerList;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.PeerDialer;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.RemotePeer;

/**
 * Finds every server reachable from a starting one: ping it, then every server it names, and so on until no
 * new one appears. Only the starting server must answer; any other that does not is reported and skipped.
 */
final class NetworkWalk {
    /** The servers that answered, in the order they were found, and those that did not. */
    record Result(List<RemotePeer> reached, List<PeerUrl> unreachable) {
    }

    private final PeerDialer dialer;
    private final Report report;

    NetworkWalk(PeerDialer dialer, Report report) {
        this.dialer = dialer;
        this.report = report;
    }

    /** @throws PeerException if the starting server does not answer or refuses the password */
    Result from(PeerUrl start) throws PeerException {
        List<RemotePeer> reached = new ArrayList<>();
        List<PeerUrl> unreachable = new ArrayList<>();
        Set<PeerUrl> seen = new LinkedHashSet<>();
        Deque<PeerUrl> next = new ArrayDeque<>();
        seen.add(start);
        next.add(start);
        while (!next.isEmpty()) {
            PeerUrl url = next.poll();
            RemotePeer peer = dialer.peer(url);
            List<Object> named;
            try {
                named = peer.exchangePeers(new Object[0]);
            } catch (PeerException e) {
                if (url.equals(start)) {
                    throw withHint(e);
                }
                report.warn("Skipping peer: " + e.getMessage());
                unreachable.add(url);
                continue;
            }
            reached.add(peer);
            report.debug("reached " + url + (peer.isLegacy() ? " (original TinyP2P protocol)" : "") + "; it names " + named.size() + " peers");
            for (Object entry : named) {
                Optional<PeerUrl> other = entry instanceof String s ? PeerUrl.parse(s) : Optional.empty();
                if (other.isEmpty()) {
                    report.debug(url + " named an invalid peer address; ignored");
                } else if (seen.size() < PeerList.MAX_PEERS && seen.add(other.get())) {
                    next.add(other.get());
                }
            }
        }
        return new Result(reached, unreachable);
    }

    /** A peer that faults on ping may be an original TinyP2P server, which only --legacy can talk to. */
    private PeerException withHint(PeerException e) {
        if (e.kind() != PeerException.Kind.FAULT || dialer.speaksLegacy()) {
            return e;
        }
        return new PeerException(e.peer(), e.kind(), e.faultCode(),
                e.getMessage() + " (if it runs the original TinyP2P, add --legacy)", e);
    }
}
