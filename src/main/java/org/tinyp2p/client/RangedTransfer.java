package org.tinyp2p.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.tinyp2p.DaemonThreads;
import org.tinyp2p.Report;
import org.tinyp2p.files.AtomicDownload;
import org.tinyp2p.files.FileNames;
import org.tinyp2p.protocol.PeerException;

/**
 * Fetches the rest of one large file as ranges from several peers holding the same bytes, at once. Each peer
 * takes the next piece not yet taken, so a fast peer simply does more of them; a peer that fails hands its
 * piece back and drops out, and the others carry on.
 *
 * <p>The pieces are written in file order by the calling thread, so the download stays a verified prefix that
 * a later run can resume (a killed client never leaves holes), and the hash is still computed as the bytes
 * go in. Pieces that arrive ahead of the write position wait in memory, in at most {@link #WINDOW_PER_PEER}
 * buffers per peer (and one more), so memory does not grow with the file.
 *
 * <p>A slow peer cannot hold the others back: when the piece the writer waits for takes four times as long
 * as pieces usually do, a peer with nothing else to do takes it over, and the slow peer is let go.
 */
final class RangedTransfer {
    /** Bytes per request: large enough that a request's cost is small beside its transfer. */
    static final int PIECE = 1024 * 1024;
    /** Pieces a peer may run ahead of the write position (buffers held per peer). */
    static final int WINDOW_PER_PEER = 2;
    /** At most this many peers work on one file. */
    static final int MAX_PEERS = 4;
    /** Smaller remainders go faster from one peer than split. */
    static final long MIN_BYTES = 16L * 1024 * 1024;
    /**
     * One file at a time comes as ranges (the others of a run go whole, from one peer each), so the buffers
     * stay at most (2 x {@link #MAX_PEERS} + 1) x {@link #PIECE}, 9 MiB, whatever --parallel says: four ranged
     * files at once ran a 64 MiB heap out of memory.
     */
    private static final Semaphore ONE_AT_A_TIME = new Semaphore(1);
    /** A lagging piece is never taken over sooner than this. */
    static final long TAKEOVER_FLOOR_NANOS = 1_000_000_000L;

    private static final ExecutorService PEER_THREADS = Executors.newCachedThreadPool(new DaemonThreads("tinyp2p-range"));

    private final AtomicDownload download;
    private final long size;
    private final Report report;
    private final Progress progress;

    // Guarded by this. Pieces are [offset, offset + length); buffers move between the pool, peers and arrived.
    private final Deque<byte[]> buffers = new ArrayDeque<>();
    private final PriorityQueue<Long> handedBack = new PriorityQueue<>();
    private final Map<Long, byte[]> arrived = new HashMap<>();
    private final Map<Long, Taken> inFlight = new HashMap<>();
    private final Set<Candidate> failed = new LinkedHashSet<>();
    private String lastProblem;
    private long piecesDone;
    private long pieceNanos;
    private long nextUntaken;
    private long written;
    private int working;

    private RangedTransfer(AtomicDownload download, long size, Report report, Progress progress) {
        this.download = download;
        this.size = size;
        this.report = report;
        this.progress = progress;
    }

    /** Whether splitting is worth it for what is left of this download. */
    static boolean worthIt(long remaining, int rawHolders) {
        return rawHolders >= 2 && remaining >= MIN_BYTES;
    }

    /** How a ranged transfer went: the peers that failed in it, and the last reason one gave (null if none). */
    record Outcome(List<Candidate> failed, String lastProblem) {
    }

    /**
     * Brings the download as far towards {@code size} as the holders allow, unless another file is coming as
     * ranges right now (then empty: fetch this one from one peer). The caller carries on without the peers
     * that failed, from wherever the download stands.
     *
     * @throws IOException if the local disk fails
     */
    static Optional<Outcome> tryRun(AtomicDownload download, long size, Report report, Progress progress, List<Candidate> holders)
            throws IOException, InterruptedException {
        if (!ONE_AT_A_TIME.tryAcquire()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RangedTransfer(download, size, report, progress).run(holders));
        } finally {
            ONE_AT_A_TIME.release();
        }
    }

    private Outcome run(List<Candidate> holders) throws IOException, InterruptedException {
        List<Candidate> peers = holders.subList(0, Math.min(MAX_PEERS, holders.size()));
        synchronized (this) {
            written = download.size();
            nextUntaken = written;
            working = peers.size();
            for (int i = 0; i < peers.size() * WINDOW_PER_PEER + 1; i++) { // + 1 kept free for a takeover
                buffers.add(new byte[PIECE]);
            }
        }
        for (Candidate peer : peers) {
            PEER_THREADS.execute(() -> work(peer));
        }
        try {
            writeInOrder();
        } finally {
            synchronized (this) {
                // tells the peers to stop taking pieces; one still busy (a lagging piece that was taken over,
                // waiting out its read timeout) ends in the background, and is not waited for
                working = -1;
                notifyAll();
            }
        }
        synchronized (this) {
            return new Outcome(List.copyOf(failed), lastProblem);
        }
    }

    /** Writes each piece as soon as it and all before it have arrived; returns when no peer can add more. */
    private void writeInOrder() throws IOException, InterruptedException {
        while (true) {
            byte[] piece;
            synchronized (this) {
                while ((piece = arrived.remove(written)) == null && written < size && working > 0) {
                    wait();
                }
                if (piece == null) {
                    return;
                }
            }
            int length = pieceLength(written);
            download.write(ByteBuffer.wrap(piece, 0, length));
            progress.advance(length);
            synchronized (this) {
                written += length;
                buffers.add(piece);
                notifyAll();
            }
        }
    }

    /** A piece a peer is fetching; {@code overtaken} once another peer was set on it because this one lagged. */
    private static final class Taken {
        final Candidate holder;
        final long since = System.nanoTime();
        volatile boolean overtaken;

        Taken(Candidate holder) {
            this.holder = holder;
        }
    }

    /** A piece another peer has taken over: its bytes are no longer wanted from this one. */
    private static final class Overtaken extends IOException {
        Overtaken() {
            super("overtaken", null);
        }
    }

    /**
     * One peer's loop: take a piece, fetch it, repeat, until the writer is done. A peer with nothing left to
     * take stays, in case another hands a piece back, or lags so far on the piece the writer waits for that it
     * should be taken over. A peer that fails, or is overtaken, is added to {@link #failed}.
     */
    private void work(Candidate holder) {
        try {
            while (true) {
                long offset;
                byte[] buffer;
                Taken taken = new Taken(holder);
                Candidate overtaking = null;
                synchronized (this) {
                    while (true) {
                        if (working < 0) {
                            return;
                        }
                        if (!handedBack.isEmpty()) { // every handed-back piece came with its buffer
                            offset = handedBack.poll();
                            break;
                        }
                        if (nextUntaken < size && buffers.size() > 1) { // one buffer stays free for a takeover
                            offset = nextUntaken;
                            nextUntaken += pieceLength(offset);
                            break;
                        }
                        Taken lagging = inFlight.get(written);
                        if (lagging != null && lagging.holder != holder && !lagging.overtaken && !buffers.isEmpty()
                                && System.nanoTime() - lagging.since > takeoverAfterNanos()) {
                            lagging.overtaken = true;
                            failed.add(lagging.holder); // let go: it may sit out its read timeout, unwaited
                            lastProblem = lagging.holder.peer().url() + " was too slow";
                            overtaking = lagging.holder;
                            offset = written;
                            break;
                        }
                        try {
                            wait(100); // timed: a piece can start lagging without anyone calling notify
                        } catch (InterruptedException e) {
                            return; // the pool is shutting down
                        }
                    }
                    buffer = buffers.poll();
                    inFlight.put(offset, taken);
                }
                if (overtaking != null) {
                    report.warn("Could not fetch a piece of " + FileNames.quote(holder.name()) + " from " + overtaking.peer().url()
                            + ": too slow beside the other peers; " + holder.peer().url() + " takes it over");
                }
                try {
                    fetchPiece(holder, offset, buffer, taken);
                } catch (PeerException | Overtaken e) {
                    synchronized (this) {
                        inFlight.remove(offset, taken);
                        if (!taken.overtaken) {
                            handedBack.add(offset);
                        }
                        buffers.add(buffer);
                        notifyAll();
                    }
                    synchronized (this) {
                        failed.add(holder);
                        if (!taken.overtaken) {
                            lastProblem = e.getMessage();
                        }
                        if (working < 0 || taken.overtaken) {
                            return; // the file is done, or the takeover said it all
                        }
                    }
                    report.warn("Could not fetch a piece of " + FileNames.quote(holder.name()) + " from " + holder.peer().url() + ": "
                            + e.getMessage() + "; the other peers carry on");
                    return;
                }
                synchronized (this) {
                    inFlight.remove(offset, taken);
                    if (taken.overtaken || offset < written || arrived.containsKey(offset)) {
                        buffers.add(buffer); // another peer's copy of this piece counts
                    } else {
                        arrived.put(offset, buffer);
                        piecesDone++;
                        pieceNanos += System.nanoTime() - taken.since;
                    }
                    notifyAll();
                }
            }
        } finally {
            synchronized (this) {
                if (working > 0) {
                    working--;
                }
                notifyAll();
            }
        }
    }

    /** How long the piece the writer waits for may take before an idle peer takes it over: 4x the usual. */
    private long takeoverAfterNanos() {
        long usual = piecesDone == 0 ? TAKEOVER_FLOOR_NANOS : pieceNanos / piecesDone;
        return Math.max(TAKEOVER_FLOOR_NANOS, 4 * usual);
    }

    private void fetchPiece(Candidate holder, long offset, byte[] buffer, Taken taken) throws PeerException, Overtaken {
        int length = pieceLength(offset);
        ByteBuffer into = ByteBuffer.wrap(buffer, 0, length);
        try {
            // the raw path delivers no more than the range asked for: only its end can come short
            holder.peer().download(holder.name(), offset, offset + length, holder.sha256(), bytes -> {
                if (taken.overtaken) {
                    throw new Overtaken();
                }
                into.put(bytes);
            });
        } catch (Overtaken e) {
            throw e;
        } catch (IOException impossible) {
            throw new IllegalStateException("the sink is memory and fails only when overtaken", impossible);
        }
        if (into.hasRemaining()) {
            throw PeerException.badAnswer(holder.peer().url(), "sent " + into.position() + " of the " + length
                    + " bytes of a range of " + holder.name());
        }
    }

    private int pieceLength(long offset) {
        return (int) Math.min(PIECE, size - offset);
    }
}
