package org.tinyp2p.client.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tinyp2p.Report;
import org.tinyp2p.files.FileNames;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.RawDownload;

/**
 * Fetches the rest of one large file as ranges from several peers holding the same bytes, at once: the
 * threads of a {@link PieceBoard}, which decides who fetches what. One thread per peer fetches pieces; the
 * calling thread writes them in file order, so the download stays a verified prefix that a later run can resume
 * (a killed client never leaves holes) and the hash still trails the writer.
 */
public final class RangedRunner {
    /** Bytes per request: large enough that a request's cost is small beside its transfer. */
    public static final int PIECE = 1024 * 1024;
    /** Pieces a peer may run ahead of the writer (buffers held per peer). */
    static final int WINDOW_PER_PEER = 2;
    /** At most this many peers work on one file. */
    public static final int MAX_PEERS = 4;
    /** Smaller remainders go faster from one peer than split. */
    static final long MIN_BYTES = 16L * 1024 * 1024;

    /** How it went: the sources that failed or were let go for lagging, and the last reason given (null if none). */
    public record Outcome(List<ByteSource> failed, String lastProblem) {
    }

    private final PieceBoard<ByteSource> board;
    private final String name;
    private final Report report;
    // guarded by this
    private final Deque<byte[]> buffers = new ArrayDeque<>();
    private final Map<Long, byte[]> arrived = new HashMap<>();
    private String lastProblem;
    private int working;
    private boolean stopped;

    private RangedRunner(long from, long size, int peers, String name, Report report) {
        int slots = peers * WINDOW_PER_PEER + 1; // + 1 kept free for a takeover
        this.board = new PieceBoard<>(from, size, PIECE, slots);
        this.name = name;
        this.report = report;
        for (int i = 0; i < slots; i++) {
            buffers.add(new byte[PIECE]);
        }
    }

    /** Whether splitting is worth it for what is left of a download. */
    public static boolean worthIt(long remaining, int sources) {
        return sources >= 2 && remaining >= MIN_BYTES;
    }

    /**
     * Brings the file from {@code from} as far towards {@code size} as the sources allow, unless another file of
     * the run comes as ranges right now (then empty: fetch this one from one peer). The caller carries on
     * without the sources that failed, from wherever the download stands.
     *
     * @param writer where the pieces go, in file order (the download, and the progress shown)
     * @throws IOException if the writer fails (the local disk)
     */
    public static Optional<Outcome> tryRun(TransferPools pools, long from, long size, List<ByteSource> sources, RawDownload.Sink writer,
                                           String name, Report report) throws IOException, InterruptedException {
        if (!pools.tryRanged()) {
            return Optional.empty();
        }
        try {
            List<ByteSource> peers = sources.subList(0, Math.min(MAX_PEERS, sources.size()));
            return Optional.of(new RangedRunner(from, size, peers.size(), name, report).run(pools, peers, writer));
        } finally {
            pools.rangedDone();
        }
    }

    private Outcome run(TransferPools pools, List<ByteSource> peers, RawDownload.Sink writer) throws IOException, InterruptedException {
        synchronized (this) {
            working = peers.size();
        }
        for (ByteSource peer : peers) {
            pools.threads().execute(() -> work(peer));
        }
        try {
            writeInOrder(writer);
        } finally {
            synchronized (this) {
                // the workers stop taking pieces; one still busy (a laggard that was overtaken, waiting out its
                // read timeout) ends in the background, and is not waited for
                stopped = true;
                notifyAll();
            }
        }
        synchronized (this) {
            List<ByteSource> failed = new ArrayList<>();
            for (ByteSource peer : peers) {
                if (board.isLetGo(peer)) {
                    failed.add(peer);
                }
            }
            return new Outcome(failed, lastProblem);
        }
    }

    /** Writes each piece as soon as it and all before it have arrived; returns when no peer can add more. */
    private void writeInOrder(RawDownload.Sink writer) throws IOException, InterruptedException {
        while (true) {
            long offset;
            byte[] piece;
            synchronized (this) {
                while (board.writable().isEmpty() && !board.done() && working > 0) {
                    wait();
                }
                Optional<Long> next = board.writable();
                if (next.isEmpty()) {
                    return;
                }
                offset = next.get();
                piece = arrived.remove(offset);
            }
            writer.write(ByteBuffer.wrap(piece, 0, board.length(offset)));
            synchronized (this) {
                board.written(offset);
                buffers.add(piece);
                notifyAll();
            }
        }
    }

    /** One peer's loop: take a piece, fetch it, repeat, until the writer is done or the peer is let go. */
    private void work(ByteSource peer) {
        try {
            while (true) {
                PieceBoard.Assignment<ByteSource> piece;
                byte[] buffer;
                synchronized (this) {
                    Optional<PieceBoard.Assignment<ByteSource>> next;
                    while ((next = board.next(peer, System.nanoTime())).isEmpty()) {
                        if (stopped || board.done() || board.isLetGo(peer)) {
                            return;
                        }
                        wait(100); // timed: a piece can start lagging without anyone calling notify
                    }
                    piece = next.get();
                    buffer = buffers.poll();
                    if (piece.overtaken() != null) {
                        lastProblem = piece.overtaken().peer() + " was too slow";
                    }
                }
                if (piece.overtaken() != null) {
                    report.warn("Could not fetch a piece of " + FileNames.quote(name) + " from " + piece.overtaken().peer()
                            + ": too slow beside the other peers; " + peer.peer() + " takes it over");
                }
                if (!fetch(peer, piece, buffer)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // the run is over
        } finally {
            synchronized (this) {
                working--;
                notifyAll();
            }
        }
    }

    /** Fetches one piece into the buffer and hands it to the board; false if the peer failed (it is let go). */
    private boolean fetch(ByteSource peer, PieceBoard.Assignment<ByteSource> piece, byte[] buffer) {
        ByteBuffer into = ByteBuffer.wrap(buffer, 0, piece.length());
        try {
            peer.read(piece.offset(), piece.offset() + piece.length(), bytes -> {
                if (letGo(peer)) {
                    throw new Overtaken();
                }
                into.put(bytes);
            });
        } catch (PeerException | IOException e) { // the sink is memory: an IOException means it was overtaken
            boolean overtaken = e instanceof Overtaken;
            synchronized (this) {
                board.failed(piece);
                buffers.add(buffer);
                if (!overtaken) {
                    lastProblem = e.getMessage();
                }
                notifyAll();
                if (stopped || overtaken) {
                    return false; // the file is done, or the takeover said it all
                }
            }
            report.warn("Could not fetch a piece of " + FileNames.quote(name) + " from " + peer.peer() + ": " + e.getMessage()
                    + "; the other peers carry on");
            return false;
        }
        synchronized (this) {
            if (board.arrived(piece, System.nanoTime())) {
                arrived.put(piece.offset(), buffer);
            } else {
                buffers.add(buffer); // another peer's copy of this piece counts
            }
            notifyAll();
        }
        return true;
    }

    private synchronized boolean letGo(ByteSource peer) {
        return board.isLetGo(peer);
    }

    /** A piece another peer has taken over: its bytes are no longer wanted from this one. */
    private static final class Overtaken extends IOException {
        Overtaken() {
            super("overtaken", null);
        }
    }
}
