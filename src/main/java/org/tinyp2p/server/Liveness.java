package org.tinyp2p.server;

import org.tinyp2p.DaemonThreads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinyp2p.Report;
import org.tinyp2p.peer.LocalAddresses;
import org.tinyp2p.peer.PeerList;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.PeerDialer;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.RemotePeer;

/**
 * Re-pings every known server at an interval, sending our list and merging theirs. Late joiners and split
 * networks heal this way (two servers that never met learn of each other through a common peer), and a
 * server that misses {@link PeerList#DROP_AFTER} rounds in a row stops being handed out until it answers
 * again or is named again.
 */
final class Liveness implements AutoCloseable {
    private final PeerUrl self;
    private final PeerList peers;
    private final PeerDialer dialer;
    private final Report report;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("tinyp2p-liveness"));
    private final ExecutorService pingers = Executors.newFixedThreadPool(8, new DaemonThreads("tinyp2p-liveness-ping"));

    private final java.util.Set<PeerUrl> queued = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * Call-backs of servers that called us, on a lane of their own: the candidates members name (up to 256, each
     * costing up to the password exchange's 10 s if it never answers) cannot queue a joiner out for minutes. One
     * call-back at a time per calling address, so a member cannot fill this lane either.
     */
    private final ExecutorService callBacks = Executors.newFixedThreadPool(2, new DaemonThreads("tinyp2p-call-back"));
    private final java.util.Set<String> callingBack = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final boolean selfLocal;
    private final java.util.Set<PeerUrl> named;
    /** Peers a round is pinging: a ping still under way when the next round starts is not asked twice. */
    private final java.util.Set<PeerUrl> pinging = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** How long a round waits for its pings; those still under way then finish on their own. */
    private final Duration roundWait;

    /** How long a round waits for its pings at most: candidates that never answer cost a ping minutes each. */
    static final Duration ROUND_WAIT = Duration.ofSeconds(60);

    /** @param named addresses the user gave (the seed): called whatever they are */
    Liveness(PeerUrl self, PeerList peers, PeerDialer dialer, Report report, java.util.Set<PeerUrl> named) {
        this(self, peers, dialer, report, named, ROUND_WAIT);
    }

    Liveness(PeerUrl self, PeerList peers, PeerDialer dialer, Report report, java.util.Set<PeerUrl> named, Duration roundWait) {
        this.roundWait = roundWait;
        this.self = self;
        this.selfLocal = LocalAddresses.isLocalOnly(self);
        this.named = java.util.Set.copyOf(named);
        this.peers = peers;
        this.dialer = dialer;
        this.report = report;
    }

    void start(Duration interval) {
        timer.scheduleWithFixedDelay(this::roundSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void roundSafely() {
        try {
            round();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            report.warn("liveness round failed: " + e);
        }
    }

    /**
     * One round: every known server but us, the live ones first (candidates that never answer cannot hold their
     * pings back), for at most {@link #roundWait}; pings still under way then go on, and are not asked again by
     * the next round until they end.
     */
    void round() throws InterruptedException {
        List<PeerUrl> targets = new ArrayList<>(peers.snapshot());
        targets.remove(self);
        targets.sort(java.util.Comparator.comparing(peer -> peers.isLive(peer) ? 0 : 1));
        List<Future<?>> pings = new ArrayList<>();
        for (PeerUrl peer : targets) {
            if (pinging.add(peer)) {
                pings.add(pingers.submit(() -> {
                    try {
                        ping(peer);
                    } finally {
                        pinging.remove(peer);
                    }
                }));
            }
        }
        long deadline = System.nanoTime() + roundWait.toNanos();
        for (Future<?> ping : pings) {
            try {
                ping.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                report.warn("liveness ping failed: " + e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                report.debug("liveness: a round's pings took over " + roundWait.toSeconds() + " s; the rest go on");
                return;
            }
        }
    }

    /**
     * Calls back soon the server that just called us from {@code caller}, at the URL it gave first (its own); if a
     * call-back for that address (an IPv6 address's /64) is under way already, the URL waits with the other rechecks.
     */
    void callBack(PeerUrl claimed, String caller) {
        if (peers.isLive(claimed)) {
            return;
        }
        String from = callerKey(caller);
        if (callBacks.isShutdown() || !callingBack.add(from)) {
            recheck(claimed);
            return;
        }
        if (!queued.add(claimed)) { // already waiting to be called
            callingBack.remove(from);
            return;
        }
        try {
            callBacks.execute(() -> {
                try {
                    ping(claimed);
                } finally {
                    queued.remove(claimed);
                    callingBack.remove(from);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            queued.remove(claimed);
            callingBack.remove(from);
        }
    }

    /** One key per machine as far as we can tell: an IPv4 address, or an IPv6 address's /64. */
    private static String callerKey(String caller) {
        if (!caller.matches("[0-9a-fA-F:.]+")) {
            return caller;
        }
        try {
            return FailedAttempts.key(java.net.InetAddress.getByName(caller)).getHostAddress(); // an address literal: no lookup
        } catch (java.net.UnknownHostException e) {
            return caller;
        }
    }

    /** Tries one peer again soon, outside the rounds (a dropped peer someone named). */
    void recheck(PeerUrl peer) {
        if (!pingers.isShutdown() && queued.add(peer)) { // once in the queue at a time, however often it is named
            pingers.execute(() -> {
                queued.remove(peer);
                ping(peer);
            });
        }
    }

    private void ping(PeerUrl peer) {
        if (!mayCall(peer)) {
            peers.forget(peer);
            report.debug("not calling " + peer + ": a local-only address learned from others");
            return;
        }
        try {
            RemotePeer remote = dialer.peer(peer);
            List<Object> theirs = remote.exchangePeers(peers.toWire());
            PeerUrl as = remote.provenAs();
            if (!as.equals(peer)) { // another name for a server, or a relay to one: not the server at that address
                throw new PeerException(peer, PeerException.Kind.PASSWORD_REFUSED, 0,
                        peer + " proved the password as " + as + ", not as itself", null);
            }
            boolean back = peers.answered(peer);
            if (peers.proven(peer)) {
                PeerService.announce(List.of(peer), report);
            } else if (back) {
                report.info("Peer back: " + peer);
            } else {
                report.debug("liveness: " + peer + " answered");
            }
            peers.merge(theirs).forEach(this::recheck); // new candidates: let them prove membership now
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the server is stopping
        } catch (PeerException e) {
            if (peers.missed(peer)) {
                report.info("Peer dropped: " + peer + " (" + PeerList.DROP_AFTER + " rounds without an answer: " + e.getMessage() + ")");
            } else {
                report.debug("liveness: " + e.getMessage());
            }
        }
    }

    /** Local-only addresses only when we are on one too, or the user named it. */
    boolean mayCall(PeerUrl peer) {
        return selfLocal || named.contains(peer) || !LocalAddresses.isLocalOnly(peer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        pingers.shutdownNow();
        callBacks.shutdownNow();
    }
}
