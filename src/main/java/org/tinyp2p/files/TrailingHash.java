package org.tinyp2p.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.tinyp2p.DaemonThreads;

/**
 * The SHA-256 of a file being written, computed on another thread that reads the bytes back behind the
 * writer. The downloading thread then only moves bytes, and the hash is of what is actually in the file.
 * A thread runs only while there are bytes to catch up on.
 */
final class TrailingHash {
    private static final int STEP = 256 * 1024;
    /** Files up to this size are hashed by the writing thread itself. */
    private static final int INLINE = 1024 * 1024;
    private static final ExecutorService HASHERS = Executors.newCachedThreadPool(new DaemonThreads("tinyp2p-hash"));

    private final FileChannel file;
    private final MessageDigest digest = HashCache.newDigest();
    /** One buffer for the life of the download: used by whichever thread hashes, one at a time. */
    private ByteBuffer buffer;
    // guarded by this
    private long written;
    private long hashed;
    private boolean running;
    private boolean cancelled;
    private IOException failure;

    /** @param file readable; its first {@code written} bytes are hashed too */
    TrailingHash(FileChannel file, long written) {
        this.file = file;
        this.written = written;
        catchUp();
    }

    /** The file now holds this many bytes. */
    synchronized void writtenTo(long size) {
        written = size;
        if (!running && size <= INLINE && failure == null && !cancelled) {
            // a small file: handing it to another thread would cost more than hashing it here
            try {
                while (hashed < written) {
                    long to = Math.min(written, hashed + STEP);
                    hash(hashed, to);
                    hashed = to;
                }
            } catch (IOException e) {
                failure = e;
            }
            return;
        }
        catchUp();
    }

    private synchronized void catchUp() {
        if (!running && hashed < written && failure == null && !cancelled) {
            running = true;
            HASHERS.execute(this::follow);
        }
    }

    private void follow() {
        try {
            while (true) {
                long from;
                long to;
                synchronized (this) {
                    if (hashed >= written || cancelled) {
                        running = false;
                        notifyAll();
                        return;
                    }
                    from = hashed;
                    to = Math.min(written, hashed + STEP);
                }
                hash(from, to);
                synchronized (this) {
                    hashed = to;
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                failure = e;
                running = false;
                notifyAll();
            }
        }
    }

    /** Hashes bytes {@code from} to {@code to}, at most {@link #STEP} of them. */
    private void hash(long from, long to) throws IOException {
        if (buffer == null || buffer.capacity() < to - from) {
            buffer = ByteBuffer.allocate((int) (to - from)); // a small file's own size; else a step
        }
        buffer.clear().limit((int) (to - from));
        while (buffer.hasRemaining()) {
            if (file.read(buffer, from + buffer.position()) < 0) {
                throw new IOException("the temporary file shrank while it was hashed");
            }
        }
        buffer.flip();
        digest.update(buffer);
    }

    /** Waits until every byte written is hashed; returns the hash of them, in hex. */
    synchronized String finish() throws IOException {
        awaitIdle();
        if (failure != null) {
            throw failure;
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Forgets every byte: the file is about to be truncated to nothing. */
    synchronized void reset() {
        awaitIdle();
        digest.reset();
        hashed = 0;
        written = 0;
        failure = null;
    }

    /** Stops hashing (soon: within one step), before the file is closed. */
    synchronized void cancel() {
        cancelled = true;
        awaitIdle();
    }

    private void awaitIdle() {
        boolean interrupted = false;
        while (running) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true; // the hasher reads a local file: it ends soon, and must end before the file is touched
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
