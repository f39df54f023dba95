package org.tinyp2p.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLSocketFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.tinyp2p.peer.PeerUrl;

/**
 * The client side of the raw download path: an authenticated {@code GET /files/NAME} with a Range, read
 * straight into a sink with one reusable buffer per thread, over connections kept open between files. Stalls end at the read timeout; a peer that sends
 * slower than {@link #MIN_RATE} on average after the first read timeout's worth of time is dropped too, so
 * trickling bytes cannot hold the client.
 */
public final class RawDownload {
    /** Where the bytes go (an {@link org.tinyp2p.files.AtomicDownload}). */
    @FunctionalInterface
    public interface Sink {
        void write(ByteBuffer bytes) throws IOException;
    }

    /** The {@code end} that asks for the rest of the file. */
    public static final long TO_THE_END = -1;
    /** Bytes per second below which a transfer counts as trickling. */
    static final long MIN_RATE = 16 * 1024;
    private static final int BUFFER = 256 * 1024;

    private final Timeouts timeouts;
    private final IdleConnections idle = new IdleConnections();
    /** One buffer per downloading thread, for the life of the thread. */
    private final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[BUFFER]);

    private final SSLSocketFactory tls;

    RawDownload(Timeouts timeouts, SSLSocketFactory tls) {
        this.timeouts = timeouts;
        this.tls = tls;
    }

    /**
     * Fetches bytes {@code offset} up to {@code end} (exclusive; {@link #TO_THE_END} for the rest of the file).
     *
     * @throws IOException only when the sink fails (the local disk); the peer's failures are PeerExceptions
     */
    void get(PeerUrl peer, String name, long offset, long end, String expectedSha256, Session session, Sink sink)
            throws PeerException, IOException {
        String range = "bytes=" + offset + "-" + (end == TO_THE_END ? "" : Long.toString(end - 1));
        for (int attempt = 1; ; attempt++) {
            if (attempt(peer, name, offset, end, range, expectedSha256, session, sink)) {
                return;
            }
            if (attempt == RemotePeer.BUSY_RETRIES) {
                throw PeerException.badAnswer(peer, "kept answering that it is busy (HTTP 429)");
            }
            RemotePeer.pauseBeforeRetry(attempt);
        }
    }

    /** One request; false if the server was busy (429) and it is worth asking again. */
    private boolean attempt(PeerUrl peer, String name, long offset, long end, String range, String expectedSha256,
                            Session session, Sink sink) throws PeerException, IOException {
        RawConnection connection = null;
        try {
            Answered answered = send(peer, c -> c.get(Protocol.RAW_PREFIX + PercentEncoding.encode(name), Map.of("Range", range,
                    "Authorization", Protocol.AUTH_SCHEME + session.authenticator().sign(Protocol.RAW_METHOD, List.of(name, range)))));
            connection = answered.connection();
            connection.settle(); // the body has its own bounds: the read timeout and the minimum rate
            RawConnection.Head head = answered.head();
            if (head.status() == 429) {
                return false;
            }
            check(peer, name, offset, end, expectedSha256, connection, head);
            copy(peer, connection, sink);
            connection = keepIfDone(connection, head);
            return true;
        } catch (RawConnection.MalformedAnswer e) {
            throw PeerException.badAnswer(peer, "sent " + e.getMessage());
        } catch (SinkFailed e) {
            throw e.local;
        } catch (IOException e) {
            throw PeerFailures.unreachable(peer, e);
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
    }

    /** Receives each file of a bundle that came whole and as listed. */
    @FunctionalInterface
    public interface BundleSink {
        void received(BundledFile file, byte[] bytes);
    }

    /**
     * Asks for several small files in one request ({@link Protocol#BUNDLE_PATH}); each that comes as listed goes
     * to {@code sink} as it arrives; those the server answers {@code -} do not. The whole answer comes within
     * one call's time.
     *
     * @throws PeerException if the peer fails, does not answer bundles, or breaks the format (the files before
     *         that were delivered)
     */
    void bundle(PeerUrl peer, List<BundledFile> files, Session session, BundleSink sink) throws PeerException {
        List<String> names = files.stream().map(BundledFile::name).toList();
        byte[] body = String.join("\n", names.stream().map(PercentEncoding::encode).toList()).getBytes(StandardCharsets.US_ASCII);
        RawConnection connection = null;
        try {
            Answered answered = send(peer, c -> c.post(Protocol.BUNDLE_PATH, Map.of("Content-Type", "text/plain; charset=US-ASCII",
                    "Authorization", Protocol.AUTH_SCHEME + session.authenticator().sign(Protocol.BUNDLE_METHOD, names)), body));
            connection = answered.connection();
            checkBundle(peer, connection, answered.head());
            BundleAnswer answer = new BundleAnswer(peer, connection, timeouts.read());
            for (BundledFile file : files) {
                answer.next(file).ifPresent(bytes -> sink.received(file, bytes));
            }
            if (!answer.atEnd()) {
                throw PeerException.badAnswer(peer, "sent more than its bundle");
            }
            connection.settle();
            connection = keepIfDone(connection, answered.head());
        } catch (RawConnection.MalformedAnswer e) {
            throw PeerException.badAnswer(peer, "sent " + e.getMessage());
        } catch (IOException e) {
            throw PeerFailures.unreachable(peer, e);
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
    }

    private static void checkBundle(PeerUrl peer, RawConnection connection, RawConnection.Head head) throws PeerException, IOException {
        refusals(peer, connection, head);
        if (head.status() != 200 || !Protocol.BUNDLE_TYPE.equals(head.header("content-type"))) {
            throw PeerException.badAnswer(peer, "does not answer bundles (HTTP " + head.status() + ")");
        }
    }

    /** Writes a request on a connection and reads the answer's head. */
    @FunctionalInterface
    private interface Request {
        RawConnection.Head send(RawConnection connection) throws IOException;
    }

    /** An answer's head, and the connection its body is still to be read from (the call's deadline still armed). */
    private record Answered(RawConnection connection, RawConnection.Head head) {
    }

    /**
     * Sends a request on a kept connection to the peer, or a new one: a kept connection the peer has closed
     * meanwhile fails before any answer, and then the request goes once more on a new one. Connect, TLS and the
     * answer's head come within one call's time, so a peer trickling them cannot hold us.
     */
    private Answered send(PeerUrl peer, Request request) throws IOException {
        for (int tries = 0; ; tries++) {
            RawConnection kept = tries == 0 ? idle.take(peer) : null;
            RawConnection connection = kept != null ? kept : RawConnection.openWithin(peer, timeouts, tls);
            try {
                connection.arm(timeouts.call());
                return new Answered(connection, request.send(connection));
            } catch (IOException stale) {
                connection.close();
                if (connection.expired()) {
                    throw new RawConnection.Expired(timeouts.call(), stale);
                }
                if (kept == null || stale instanceof RawConnection.MalformedAnswer) {
                    throw stale;
                }
            }
        }
    }

    /** Keeps the connection for the next request if its answer was read whole; null if kept, else the connection to close. */
    private RawConnection keepIfDone(RawConnection connection, RawConnection.Head head) {
        if (head.keepAlive() && connection.bodyDone()) {
            idle.give(connection);
            return null;
        }
        return connection;
    }

    /** The answer head of a range request, checked: anything but the range asked for, of the bytes listed, fails. */
    private static void check(PeerUrl peer, String name, long offset, long end, String expectedSha256, RawConnection connection,
                              RawConnection.Head head) throws PeerException, IOException {
        int status = head.status();
        refusals(peer, connection, head);
        if (status == 404) {
            throw PeerFailures.noSuchFile(peer, name);
        }
        if (status != 206) {
            throw PeerException.badAnswer(peer, "HTTP " + status + " for a range of " + name);
        }
        String contentRange = head.header("content-range");
        if (contentRange != null && !contentRange.startsWith("bytes " + offset + "-")) {
            throw PeerException.badAnswer(peer, "sent another range of " + name + " than the one asked for");
        }
        // a body never runs past its Content-Length, so a range with both ends gets no more than it asked for
        if (end != TO_THE_END && head.contentLength() != end - offset) {
            throw PeerException.badAnswer(peer, "announced " + head.contentLength() + " bytes for the " + (end - offset)
                    + " bytes of a range of " + name);
        }
        String served = head.header(Protocol.SHA256_HEADER.toLowerCase(java.util.Locale.ROOT));
        if (served != null && expectedSha256 != null && !served.equals(expectedSha256)) {
            throw PeerException.badAnswer(peer, name + " changed on the server since it was listed");
        }
    }

    /** The answers that refuse the call itself: the password, the session, the clock. */
    private static void refusals(PeerUrl peer, RawConnection connection, RawConnection.Head head) throws PeerException, IOException {
        int status = head.status();
        if (status == 401) {
            throw PeerFailures.passwordRefused(peer);
        }
        if (status == Faults.SESSION_UNKNOWN) {
            throw PeerFailures.sessionUnknown(peer);
        }
        if (status == Faults.CLOCK_SKEW) {
            byte[] error = new byte[200];
            int n = Math.max(0, connection.readBody(error, 0, error.length));
            throw PeerFailures.clockSkew(peer, new String(error, 0, n, StandardCharsets.UTF_8));
        }
    }

    /** Carries the sink's own failure past the handling of the peer's. */
    private static final class SinkFailed extends RuntimeException {
        final IOException local;

        SinkFailed(IOException local) {
            super(local.getMessage(), local, false, false);
            this.local = local;
        }
    }

    private void copy(PeerUrl peer, RawConnection connection, Sink sink) throws IOException, PeerException {
        byte[] array = buffers.get();
        ByteBuffer buffer = ByteBuffer.wrap(array);
        long started = System.nanoTime();
        long graceNanos = timeouts.read().toNanos();
        long received = 0;
        int filled = 0;
        // TLS hands over one record (16 KiB) a read: gather what is already here (up to a whole buffer) before
        // each write to the file, but never hold bytes back while waiting for the peer
        for (int n = 0; n >= 0; ) {
            n = connection.readBody(array, filled, array.length - filled);
            if (n > 0) {
                filled += n;
                received += n;
                long elapsed = System.nanoTime() - started;
                if (elapsed > graceNanos && received * 1_000_000_000L / elapsed < MIN_RATE) {
                    throw PeerException.badAnswer(peer, "sends too slowly (under " + MIN_RATE / 1024 + " KiB/s)");
                }
            }
            if ((n < 0 || filled == array.length || !connection.moreWaiting()) && filled > 0) {
                buffer.clear().limit(filled);
                try {
                    sink.write(buffer);
                } catch (IOException local) {
                    throw new SinkFailed(local);
                }
                filled = 0;
            }
        }
    }
}
