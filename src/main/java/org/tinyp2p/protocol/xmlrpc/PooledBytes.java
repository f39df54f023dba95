package org.tinyp2p.protocol.xmlrpc;

import org.tinyp2p.protocol.Protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * The bytes of a {@code <base64>} value: a chunk a server reads to send, or one a client decoded. A large one
 * lives in a buffer taken from a small pool and given back with {@link #release}, so moving a file over
 * XML-RPC does not allocate a new chunk-sized array per call: on default JVM settings that allocation made
 * the heap, and the process, grow with the file (over 1 GB for a 1 GiB file).
 */
public final class PooledBytes {
    /**
     * Values over this size use pooled buffers just over {@link Protocol#MAX_CHUNK} bytes. It is larger than any
     * value a request to a server can hold (bodies are capped at 1 MiB), so a hostile request cannot make a
     * server take or allocate chunk-sized buffers for small values.
     */
    static final int POOLED_FROM = Protocol.MAX_CHUNK / 2 + 1;
    /** A chunk's bytes, and the up to 2 more that base64 padding makes room for. */
    private static final int POOLED_SIZE = Protocol.MAX_CHUNK + 3;
    private static final ArrayBlockingQueue<byte[]> POOL = new ArrayBlockingQueue<>(8);

    private byte[] array;
    private final int length;

    private PooledBytes(byte[] array, int length) {
        this.array = array;
        this.length = length;
    }

    /** Room for up to {@code capacity} bytes; fill it with {@link #array}, then {@link #filled}. */
    public static byte[] room(int capacity) {
        if (capacity < POOLED_FROM || capacity > POOLED_SIZE) {
            return new byte[capacity];
        }
        byte[] pooled = POOL.poll();
        return pooled != null ? pooled : new byte[POOLED_SIZE];
    }

    public static PooledBytes filled(byte[] room, int length) {
        return new PooledBytes(room, length);
    }

    public int length() {
        return length;
    }

    /** The bytes, valid until {@link #release}. */
    public ByteBuffer view() {
        return ByteBuffer.wrap(array, 0, length);
    }

    /** The bytes in an array of their own. */
    public byte[] toArray() {
        return Arrays.copyOf(array, length);
    }

    /** Gives the buffer back for another value; the bytes must not be used after. */
    public void release() {
        if (array != null && array.length == POOLED_SIZE) {
            POOL.offer(array);
        }
        array = null;
    }
}
