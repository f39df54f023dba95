package org.tinyp2p.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.tinyp2p.Report;
import org.tinyp2p.peer.LocalAddresses;
import org.tinyp2p.peer.PeerList;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.PeerDialer;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.PeerFailures;
import org.tinyp2p.protocol.RemotePeer;

/**
 * Finds every server reachable from a starting one: ping it, then every server it names, and so on until no
 * new one appears. Each round's servers are pinged at once, so a dead or slow one costs one timeout, not one
 * each. Only the starting server must answer; any other that does not is reported and skipped. The original
 * TinyP2P peers the user named are walked from too.
 */
final class NetworkWalk {
    /** The servers that answered, in the order they were found, and those that did not. */
    record Result(List<RemotePeer> reached, List<PeerUrl> unreachable) {
    }

    /**
     * {@code failure} null and {@code named} null: not called, as a local-only address another peer named, or
     * ({@code late}) because the walk's time was up.
     */
    private record Answer(RemotePeer peer, List<Object> named, PeerException failure, boolean late) {
        Answer(RemotePeer peer, List<Object> named, PeerException failure) {
            this(peer, named, failure, false);
        }

        boolean notCalled() {
            return named == null && failure == null;
        }
    }

    /**
     * How long a walk may start asking servers: each answers in milliseconds, and each that does not costs at most
     * the password exchange's 10 s, 32 at a time; so a member naming hundreds of addresses that answer slowly
     * costs a run this, not many minutes.
     */
    static final Duration BUDGET = Duration.ofSeconds(60);

    private final PeerDialer dialer;
    private final ExecutorService pool;
    private final Report report;
    private final Duration budget;

    NetworkWalk(PeerDialer dialer, ExecutorService pool, Report report) {
        this(dialer, pool, report, BUDGET);
    }

    NetworkWalk(PeerDialer dialer, ExecutorService pool, Report report, Duration budget) {
        this.dialer = dialer;
        this.pool = pool;
        this.report = report;
        this.budget = budget;
    }

    /** @throws PeerException if the starting server does not answer or refuses the password */
    Result from(PeerUrl start) throws PeerException, InterruptedException {
        Walked walked = new Walked(start);
        List<PeerUrl> round = List.copyOf(walked.seen);
        long deadline = System.nanoTime() + budget.toNanos();
        while (!round.isEmpty()) {
            List<Future<Answer>> answers = new ArrayList<>();
            for (PeerUrl url : round) {
                // Like servers, a client calls a loopback or link-local address only when it starts from one (a network on
                // one machine) or the user named it: otherwise a member could aim it at services listening only there.
                boolean mayCall = walked.startLocal || walked.named.contains(url);
                answers.add(pool.submit(() -> ping(url, mayCall, deadline)));
            }
            List<PeerUrl> next = new ArrayList<>();
            for (Future<Answer> future : answers) {
                walked.take(await(future), next);
            }
            round = next;
        }
        if (walked.late > 0) {
            report.warn("Walked the network for " + budget.toSeconds() + " s: " + walked.late + " server" + (walked.late == 1 ? "" : "s")
                    + " named by others " + (walked.late == 1 ? "was" : "were") + " not asked in time");
        }
        return new Result(walked.reached, walked.unreachable);
    }

    /** What the walk has found so far. */
    private final class Walked {
        final PeerUrl start;
        final List<RemotePeer> reached = new ArrayList<>();
        final List<PeerUrl> unreachable = new ArrayList<>();
        final Set<PeerUrl> seen = new LinkedHashSet<>();
        /** The start and the original peers the user named: called whatever their address. */
        final Set<PeerUrl> named;
        /** Set once the start answers: only a network that is itself on loopback (as tests run) calls such addresses. */
        boolean startLocal;
        boolean capWarned;
        int late;

        Walked(PeerUrl start) {
            this.start = start;
            seen.add(start);
            seen.addAll(dialer.legacyPeers()); // the original peers the user named are asked too: ours cannot vouch for them
            named = Set.copyOf(seen);
        }

        /** Takes one answer in; the servers it names that are new go to {@code next}. */
        void take(Answer answer, List<PeerUrl> next) throws PeerException {
            PeerUrl url = answer.peer().url();
            if (answer.late()) {
                late++;
                return;
            }
            if (answer.notCalled()) {
                report.debug("not calling " + url + ": a local-only address learned from others");
                return;
            }
            if (answer.failure() != null) {
                if (url.equals(start)) {
                    throw withHint(answer.failure());
                }
                report.warn("Skipping peer: " + answer.failure().getMessage());
                unreachable.add(url);
                return;
            }
            reached.add(answer.peer());
            if (url.equals(start)) {
                startLocal = onLocalOnlyAddress(answer.peer());
            }
            report.debug("reached " + url + (answer.peer().isLegacy() ? " (original TinyP2P protocol)" : "")
                    + "; it names " + answer.named().size() + " peers");
            capWarned |= learn(url, answer.named(), seen, next, capWarned);
        }
    }

    /**
     * Adds the servers a peer named that the walk has not seen to {@code next}, up to {@link PeerList#MAX_PEERS} in
     * all; true if that cap left some out (said once, unless {@code warned} already).
     */
    private boolean learn(PeerUrl from, List<Object> named, Set<PeerUrl> seen, List<PeerUrl> next, boolean warned) {
        boolean cut = false;
        for (Object entry : named) {
            Optional<PeerUrl> other = entry instanceof String s ? PeerUrl.parse(s) : Optional.empty();
            if (other.isEmpty()) {
                report.debug(from + " named an invalid peer address; ignored");
            } else if (seen.size() < PeerList.MAX_PEERS && seen.add(other.get())) {
                next.add(other.get());
            } else if (!seen.contains(other.get()) && !warned && !cut) {
                cut = true;
                report.warn("Walking at most " + PeerList.MAX_PEERS + " servers; more were named and left out");
            }
        }
        return cut;
    }

    /**
     * Whether the start is on a local-only address as the network knows it, not only as the user typed it: a user
     * who reaches a LAN server of theirs through 127.0.0.1 does not put the whole walk on loopback.
     */
    private static boolean onLocalOnlyAddress(RemotePeer start) {
        try {
            return LocalAddresses.isLocalOnly(start.url()) && LocalAddresses.isLocalOnly(start.provenAs());
        } catch (PeerException e) {
            return false;
        }
    }

    private Answer ping(PeerUrl url, boolean mayCallLocal, long deadline) {
        RemotePeer peer = dialer.peer(url);
        if (System.nanoTime() - deadline > 0) {
            return new Answer(peer, null, null, true);
        }
        if (!mayCallLocal && LocalAddresses.isLocalOnly(url)) { // looked up here, on the pool: a slow name costs no round
            return new Answer(peer, null, null);
        }
        try {
            return new Answer(peer, peer.exchangePeers(new Object[0]), null);
        } catch (PeerException e) {
            return new Answer(peer, List.of(), e);
        }
    }

    static <T> T await(Future<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a peer task failed unexpectedly", e.getCause());
        }
    }

    /** A peer that faults on ping may be an original TinyP2P server, which it takes --legacy-peer to talk to. */
    private PeerException withHint(PeerException e) {
        return e.peer() != null && dialer.isLegacy(e.peer()) ? e : PeerFailures.withLegacyHint(e);
    }
}
