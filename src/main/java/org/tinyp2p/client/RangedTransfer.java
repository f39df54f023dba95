package org.tinyp2p.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tinyp2p.DaemonThreads;
import org.tinyp2p.Report;
import org.tinyp2p.files.AtomicDownload;
import org.tinyp2p.files.FileNames;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.RawDownload;

/**
 * Fetches the rest of one large file as ranges from several peers holding the same bytes, at once. Each peer
 * takes the next piece not yet taken, so a fast peer simply does more of them; a peer that fails hands its
 * piece back and drops out, and the others carry on.
 *
 * <p>The pieces are written in file order by the calling thread, so the download stays a verified prefix that
 * a later run can resume (a killed client never leaves holes), and the hash is still computed as the bytes
 * go in. Pieces that arrive ahead of the write position wait in memory, in at most {@link #WINDOW_PER_PEER}
 * buffers per peer, so memory does not grow with the file.
 */
final class RangedTransfer {
    /** Bytes per request: large enough that a request's cost is small beside its transfer. */
    static final int PIECE = 2 * 1024 * 1024;
    /** Pieces a peer may run ahead of the write position (buffers held per peer). */
    static final int WINDOW_PER_PEER = 2;
    /** At most this many peers work on one file. */
    static final int MAX_PEERS = 4;
    /** Smaller remainders go faster from one peer than split. */
    static final long MIN_BYTES = 8L * PIECE;

    private static final ExecutorService PEER_THREADS = Executors.newCachedThreadPool(new DaemonThreads("tinyp2p-range"));

    private final AtomicDownload download;
    private final long size;
    private final Report report;
    private final Progress progress;

    // Guarded by this. Pieces are [offset, offset + length); buffers move between the pool, peers and arrived.
    private final Deque<byte[]> buffers = new ArrayDeque<>();
    private final PriorityQueue<Long> handedBack = new PriorityQueue<>();
    private final Map<Long, byte[]> arrived = new HashMap<>();
    private long nextUntaken;
    private long written;
    private int working;

    RangedTransfer(AtomicDownload download, long size, Report report, Progress progress) {
        this.download = download;
        this.size = size;
        this.report = report;
        this.progress = progress;
    }

    /** Whether splitting is worth it for what is left of this download. */
    static boolean worthIt(long remaining, int rawHolders) {
        return rawHolders >= 2 && remaining >= MIN_BYTES;
    }

    /**
     * Brings the download as far towards {@code size} as the holders allow; returns the peers that failed
     * (the caller carries on without them from wherever the download stands).
     *
     * @throws IOException if the local disk fails
     */
    List<Candidate> run(List<Candidate> holders) throws IOException, InterruptedException {
        List<Candidate> peers = holders.subList(0, Math.min(MAX_PEERS, holders.size()));
        synchronized (this) {
            written = download.size();
            nextUntaken = written;
            working = peers.size();
            for (int i = 0; i < peers.size() * WINDOW_PER_PEER; i++) {
                buffers.add(new byte[PIECE]);
            }
        }
        List<Future<Boolean>> results = new ArrayList<>();
        for (Candidate peer : peers) {
            results.add(PEER_THREADS.submit(() -> work(peer)));
        }
        try {
            writeInOrder();
        } finally {
            synchronized (this) {
                working = -1; // tells the peers to stop taking pieces; one busy with a piece ends with it
                notifyAll();
            }
        }
        List<Candidate> failed = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            if (!NetworkWalk.await(results.get(i))) {
                failed.add(peers.get(i));
            }
        }
        return failed;
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

    /**
     * One peer's loop: take a piece, fetch it, repeat, until the writer is done. A peer with nothing left to
     * take stays, in case another hands a piece back. False if the peer failed.
     */
    private boolean work(Candidate holder) throws InterruptedException {
        try {
            while (true) {
                long offset;
                byte[] buffer;
                synchronized (this) {
                    while (working >= 0 && handedBack.isEmpty() && (nextUntaken >= size || buffers.isEmpty())) {
                        wait();
                    }
                    if (working < 0) {
                        return true;
                    }
                    if (!handedBack.isEmpty()) {
                        offset = handedBack.poll();
                    } else {
                        offset = nextUntaken;
                        nextUntaken += pieceLength(offset);
                    }
                    buffer = buffers.poll();
                }
                try {
                    fetchPiece(holder, offset, buffer);
                } catch (PeerException e) {
                    synchronized (this) {
                        handedBack.add(offset);
                        buffers.add(buffer);
                        notifyAll();
                    }
                    report.warn("Could not fetch a piece of " + FileNames.quote(holder.name()) + " from " + holder.peer().url()
                            + ": " + e.getMessage() + "; the other peers carry on");
                    return false;
                }
                synchronized (this) {
                    arrived.put(offset, buffer);
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

    private void fetchPiece(Candidate holder, long offset, byte[] buffer) throws PeerException {
        int length = pieceLength(offset);
        ByteBuffer into = ByteBuffer.wrap(buffer, 0, length);
        try {
            holder.peer().download(holder.name(), offset, offset + length, holder.sha256(), bytes -> {
                if (bytes.remaining() > into.remaining()) {
                    throw new IOException("too long"); // the sink is memory: this can only be the peer's doing
                }
                into.put(bytes);
            });
        } catch (IOException tooLong) {
            throw PeerException.badAnswer(holder.peer().url(), "sent more than the range of " + holder.name() + " asked for");
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
