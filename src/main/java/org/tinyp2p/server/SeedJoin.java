package org.tinyp2p.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinyp2p.DaemonThreads;
import org.tinyp2p.Report;
import org.tinyp2p.peer.PeerList;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.PeerException;

/**
 * Joins through the seed the user named, and keeps trying one that is down ({@link Backoff#forSeed}: 1 s,
 * doubling, up to the ping interval, and at once when its port opens) until it answers, so a server started
 * before its seed joins within a second or two of the seed coming up rather than at the next liveness round. Liveness takes over once it joined.
 * One line when the seed first fails, one when it joins; the tries between are detail.
 *
 * <p>A seed that answers but proves not to be a member is not tried again: at the first try it stops the
 * server (a server of the wrong network is a mistake to report, not to run with); on a later one the server
 * has been serving for a while, so it is reported and forgotten, and the server runs on alone. Each such try
 * costs the seed's side a wrong password (five a minute lock an address out); a seed that refuses the
 * connection costs it nothing.
 */
final class SeedJoin implements AutoCloseable {
    /** How often the port of a seed that refused the connection is looked at between tries. */
    static final Duration PROBE = Duration.ofMillis(500);

    /** What a failed try of the seed calls for. */
    enum Verdict {
        /** It did not answer, or was busy: try again later. */
        RETRY,
        /** It answered and failed the password exchange: never call it again. */
        NOT_MEMBER,
        /** It proved the password but its answer was wrong (a fault, a clock off): liveness pings it as any peer. */
        LEAVE_TO_LIVENESS;

        static Verdict of(PeerException e) {
            return switch (e.kind()) {
                case UNREACHABLE -> RETRY;
                case PASSWORD_REFUSED -> NOT_MEMBER;
                // busy, or holding back our address's exchanges (a guesser spent the strangers' allowance): later
                case FAULT -> e.faultCode() == 429 || e.faultCode() == org.tinyp2p.protocol.Protocol.HELD_BACK ? RETRY : LEAVE_TO_LIVENESS;
                case BAD_ANSWER -> LEAVE_TO_LIVENESS;
            };
        }
    }

    private final PeerUrl seed;
    private final Joiner joiner;
    private final PeerList peers;
    private final Backoff backoff;
    private final Report report;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("tinyp2p-seed"));

    SeedJoin(PeerUrl seed, Joiner joiner, PeerList peers, Backoff backoff, Report report) {
        this.seed = seed;
        this.joiner = joiner;
        this.peers = peers;
        this.backoff = backoff;
        this.report = report;
    }

    /**
     * The first try, in the caller's thread; if the seed is down, the next ones follow on a thread of their own.
     *
     * @throws PeerException if the seed answers and proves not to be a member
     */
    void start() throws PeerException {
        try {
            joiner.join(seed);
            timer.shutdown();
        } catch (PeerException e) {
            Verdict verdict = Verdict.of(e);
            if (verdict == Verdict.NOT_MEMBER) {
                throw e;
            }
            boolean again = verdict == Verdict.RETRY && backoff.retries();
            report.warn("Seed " + e.getMessage() + "; serving alone until peers call"
                    + (again ? ", will keep trying (in " + seconds(backoff.after(1)) + ", doubling up to every " + seconds(backoff.cap()) + ")" : ""));
            if (again) {
                schedule(1);
            } else {
                timer.shutdown();
            }
        }
    }

    /**
     * The next try after the backoff's wait, or sooner: while a seed that refused the connection stays silent,
     * its port is looked at every {@link #PROBE} (a bare TCP connect, closed at once: nothing a server counts),
     * and the moment it listens it is tried. So a seed that comes up is joined within about a second, however
     * long the backoff had grown, and one that listens but fails (a hung server) is still tried only as the
     * backoff says.
     */
    private void schedule(int failures) {
        long due = System.nanoTime() + backoff.after(failures).toNanos();
        watch(failures, due, !listening());
    }

    private void watch(int failures, long due, boolean wasClosed) {
        long left = due - System.nanoTime();
        try {
            timer.schedule(() -> {
                if (System.nanoTime() >= due || (wasClosed && listening())) {
                    retry(failures);
                } else {
                    watch(failures, due, wasClosed);
                }
            }, Math.max(0, Math.min(PROBE.toNanos(), left)), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            // the server is stopping
        }
    }

    /** Whether something accepts TCP connections at the seed's address now. */
    private boolean listening() {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(seed.host(), seed.port()), (int) PROBE.toMillis());
            return true;
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            return false;
        }
    }

    /** A later try: the joiner says when it joined; only a seed that proved not to be a member is worth a line. */
    private void retry(int failures) {
        try {
            joiner.join(seed);
            timer.shutdown();
        } catch (PeerException e) {
            switch (Verdict.of(e)) {
                case RETRY -> {
                    report.debug("seed try " + (failures + 1) + ": " + e.getMessage() + "; next in " + seconds(backoff.after(failures + 1)));
                    schedule(failures + 1);
                }
                case NOT_MEMBER -> {
                    peers.forget(seed); // liveness would call it every round, and each call costs it a wrong password
                    report.warn("Seed " + e.getMessage() + "; not trying it again, serving alone until peers call");
                    timer.shutdown();
                }
                case LEAVE_TO_LIVENESS -> {
                    report.warn("Seed " + e.getMessage() + "; serving alone until peers call");
                    timer.shutdown();
                }
            }
        } catch (RuntimeException e) {
            if (!timer.isShutdown()) {
                report.warn("joining through the seed failed: " + e);
            }
        }
    }

    private static String seconds(Duration wait) {
        return wait.toMillis() % 1000 == 0 ? wait.toSeconds() + " s" : wait.toMillis() / 1000.0 + " s";
    }

    /** Stops trying: a try under way is interrupted, and none follows. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
