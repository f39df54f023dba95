package org.tinyp2p.client.transfer;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.Protocol;
import org.tinyp2p.protocol.RawDownload;
import org.tinyp2p.protocol.RemotePeer;

/**
 * A file's bytes through XML-RPC {@code fetch} calls, {@link #IN_FLIGHT} at once and written in order, so the peer
 * encodes the next chunk while this side decodes the last. A peer that answers a short chunk is simply asked
 * again from where the range stands.
 */
public final class RpcSource implements ByteSource {
    /** Fetch calls in flight at once. */
    static final int IN_FLIGHT = 3;
    /**
     * Short chunks taken in one read before the peer counts as failing: ours answer whole chunks except at the end
     * of the file, and a peer answering a byte per call would otherwise cost a call per byte.
     */
    static final int SHORT_CHUNKS = 8;

    private final RemotePeer peer;
    private final String name;
    private final long size;
    private final ExecutorService calls;

    /** @param size the file's listed size: every chunk must say the file still has it */
    public RpcSource(RemotePeer peer, String name, long size, ExecutorService calls) {
        this.peer = peer;
        this.name = name;
        this.size = size;
        this.calls = calls;
    }

    @Override
    public PeerUrl peer() {
        return peer.url();
    }

    @Override
    public void read(long from, long to, RawDownload.Sink sink) throws PeerException, IOException {
        Deque<Future<RemotePeer.Chunk>> window = new ArrayDeque<>();
        long at = from;
        long next = from;
        int shortChunks = 0;
        try {
            while (at < to) {
                while (window.size() < IN_FLIGHT && next < to) {
                    long offset = next;
                    window.add(calls.submit(() -> peer.fetch(name, offset)));
                    next += Protocol.MAX_CHUNK;
                }
                RemotePeer.Chunk chunk = await(window.poll());
                try {
                    if (chunk.fileSize() != size) {
                        throw PeerException.badAnswer(peer.url(), name + " changed on the server during the transfer");
                    }
                    long expected = Math.min(Protocol.MAX_CHUNK, size - at);
                    if (chunk.length() == 0 || chunk.length() > expected) {
                        throw PeerException.badAnswer(peer.url(), "the chunks of " + name + " do not add up to its size");
                    }
                    int wanted = (int) Math.min(chunk.length(), to - at); // a chunk may run past the range: only the range counts
                    sink.write(chunk.data().view().limit(wanted));
                    at += wanted;
                    if (chunk.length() < expected && at < to) { // a short chunk: the calls in flight asked for the wrong offsets
                        if (++shortChunks > SHORT_CHUNKS) {
                            throw PeerException.badAnswer(peer.url(), "sends the chunks of " + name + " shorter than asked");
                        }
                        drop(window);
                        next = at;
                    }
                } finally {
                    chunk.release();
                }
            }
        } finally {
            drop(window);
        }
    }

    /** Cancels the calls in flight; the chunks of those already answered go back to the pool. */
    private static void drop(Deque<Future<RemotePeer.Chunk>> window) {
        for (Future<RemotePeer.Chunk> call : window) {
            if (!call.cancel(true) && call.isDone()) {
                try {
                    call.get().release();
                } catch (ExecutionException | java.util.concurrent.CancellationException failed) {
                    // no chunk to give back
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        window.clear();
    }

    private static RemotePeer.Chunk await(Future<RemotePeer.Chunk> call) throws PeerException {
        try {
            return call.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PeerException failure) {
                throw failure;
            }
            throw new IllegalStateException("a chunk call failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException(null, PeerException.Kind.UNREACHABLE, 0, "interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "xml-rpc " + peer.url();
    }
}
