package org.tinyp2p.client.transfer;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Who fetches which piece of one file, with no threads and no clock of its own (both are the caller's), so every
 * rule is tested on its own: each worker takes the next piece not yet taken, a piece a worker failed on is handed
 * back to the next one who asks, and the piece the writer waits for is taken over by an idle worker when it lags
 * four times the usual time (at least {@link #TAKEOVER_FLOOR_NANOS}); the laggard is then let go.
 *
 * <p>Pieces are written in file order, so at most {@link #slots} pieces are held at once (fetching, or arrived
 * ahead of the writer), and one slot is kept for a takeover. Not thread-safe: the runner guards it.
 *
 * @param <W> a worker (a peer)
 */
public final class PieceBoard<W> {
    /** A lagging piece is never taken over sooner than this. */
    static final long TAKEOVER_FLOOR_NANOS = 1_000_000_000L;

    /** A piece given to a worker; {@code overtaken} names the worker it was taken from, if any. */
    public record Assignment<W>(long offset, int length, W worker, long since, W overtaken) {
    }

    private final long size;
    private final int pieceSize;
    private int slots;
    private final PriorityQueue<Long> handedBack = new PriorityQueue<>();
    private final Map<Long, Assignment<W>> inFlight = new HashMap<>();
    private final Set<Long> arrived = new HashSet<>();
    private final Set<W> letGo = new HashSet<>();
    private long nextUntaken;
    private long written;
    private long piecesDone;
    private long pieceNanos;

    /**
     * @param from the first byte still wanted (the bytes before it are written)
     * @param slots pieces held at once, at least 2
     */
    public PieceBoard(long from, long size, int pieceSize, int slots) {
        if (slots < 2 || pieceSize < 1 || from < 0 || from > size) {
            throw new IllegalArgumentException("slots " + slots + ", piece " + pieceSize + ", from " + from + " of " + size);
        }
        this.size = size;
        this.pieceSize = pieceSize;
        this.slots = slots;
        this.nextUntaken = from;
        this.written = from;
    }

    /** The next piece for {@code worker} at time {@code now}, or empty if it has nothing to do now (ask again later). */
    public Optional<Assignment<W>> next(W worker, long now) {
        if (letGo.contains(worker)) {
            return Optional.empty();
        }
        Long offset = null;
        W overtaken = null;
        if (!handedBack.isEmpty()) { // its slot was kept for it when it was handed back
            offset = handedBack.poll();
        } else if (nextUntaken < size && slots > 1) { // one slot stays free for a takeover
            offset = nextUntaken;
            nextUntaken += length(offset);
            slots--;
        } else if (slots > 0) {
            Assignment<W> lagging = inFlight.get(written);
            if (lagging != null && !lagging.worker().equals(worker) && now - lagging.since() > takeoverAfterNanos()) {
                offset = written;
                overtaken = lagging.worker();
                letGo.add(overtaken); // it may sit out its read timeout: nobody waits for it
                slots--;
            }
        }
        if (offset == null) {
            return Optional.empty();
        }
        Assignment<W> assignment = new Assignment<>(offset, length(offset), worker, now, overtaken);
        inFlight.put(offset, assignment);
        return Optional.of(assignment);
    }

    /**
     * The piece arrived whole. True if its bytes are to be kept for the writer; false if another worker's copy
     * counts (it was taken over), and its slot is free again.
     */
    public boolean arrived(Assignment<W> piece, long now) {
        boolean current = inFlight.remove(piece.offset(), piece);
        if (!current || piece.offset() < written || arrived.contains(piece.offset()) || letGo.contains(piece.worker())) {
            slots++;
            return false;
        }
        arrived.add(piece.offset());
        piecesDone++;
        pieceNanos += now - piece.since();
        return true;
    }

    /**
     * The worker failed on the piece and is let go. The piece is handed back, keeping its slot for whoever takes
     * it, unless another worker has it already (then its slot is free).
     */
    public void failed(Assignment<W> piece) {
        boolean current = inFlight.remove(piece.offset(), piece);
        letGo.add(piece.worker());
        if (current && piece.offset() >= written && !arrived.contains(piece.offset())) {
            handedBack.add(piece.offset());
        } else {
            slots++;
        }
    }

    /** The piece the writer can write now (it and all before it arrived), if any. */
    public Optional<Long> writable() {
        return arrived.contains(written) ? Optional.of(written) : Optional.empty();
    }

    /** The writer wrote the piece at {@link #writable}; its slot is free again. */
    public void written(long offset) {
        if (offset != written || !arrived.remove(offset)) {
            throw new IllegalStateException("piece " + offset + " is not the one to write (" + written + ")");
        }
        written += length(offset);
        slots++;
    }

    /** Bytes written in order from the start of the file. */
    public long writtenTo() {
        return written;
    }

    public boolean done() {
        return written == size;
    }

    /** Whether the worker was let go (it failed, or was overtaken): its next request gets nothing. */
    public boolean isLetGo(W worker) {
        return letGo.contains(worker);
    }

    public int length(long offset) {
        return (int) Math.min(pieceSize, size - offset);
    }

    /** How long the piece the writer waits for may take before an idle worker takes it over: 4x the usual. */
    long takeoverAfterNanos() {
        long usual = piecesDone == 0 ? TAKEOVER_FLOOR_NANOS : pieceNanos / piecesDone;
        return Math.max(TAKEOVER_FLOOR_NANOS, 4 * usual);
    }
}
