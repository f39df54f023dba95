package org.tinyp2p.server.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;

/**
 * One accepted connection, on a thread of its own from accept to close: the TLS handshake (or, on a
 * --legacy port, the first byte that tells TLS from plain HTTP), then requests one after another. Each phase
 * has a deadline ({@link Door.Limits}) enforced by closing the socket from outside, so a caller that says
 * nothing, or trickles, costs its own connection's slot for seconds and no worker at all: a worker is taken
 * only once a whole request has arrived.
 */
final class Conversation implements Runnable, Admission.Occupant {
    private static final int TLS_HANDSHAKE_RECORD = 22;
    private static final int BUFFER = 16 * 1024;

    private final Door door;
    private final Socket raw;
    private final InetAddress group;
    private final boolean trusted;
    private volatile Phase phase = Phase.HANDSHAKE;
    private volatile long since = System.nanoTime();
    /** Bumped at each phase, so a deadline set for an earlier one does nothing. */
    private volatile int generation;
    private volatile long lastWritten;
    private volatile long headDone;
    private volatile BodyIn unread;
    private ScheduledFuture<?> deadline;

    Conversation(Door door, Socket raw, InetAddress group, boolean trusted) {
        this.door = door;
        this.raw = raw;
        this.group = group;
        this.trusted = trusted;
        enter(Phase.HANDSHAKE, door.limits.handshakeMillis());
    }

    @Override
    public InetAddress group() {
        return group;
    }

    @Override
    public boolean trusted() {
        return trusted;
    }

    @Override
    public Phase phase() {
        return phase;
    }

    @Override
    public long since() {
        return since;
    }

    @Override
    public void run() {
        try {
            Optional<Streams> opened = open();
            if (opened.isPresent()) {
                converse(opened.get());
            }
        } catch (IOException | RuntimeException e) {
            door.report.debug("connection from " + raw.getInetAddress().getHostAddress() + " ended: " + e.getMessage());
        } finally {
            end();
        }
    }

    /** Closes the connection from outside: its thread's next read or write fails, and it ends. */
    void end() {
        synchronized (this) {
            if (deadline != null) {
                deadline.cancel(false);
            }
        }
        try {
            raw.close(); // the TCP socket, not the TLS one: closing TLS would wait for the thread inside it
        } catch (IOException ignored) {
            // closed anyway
        }
        door.left(this);
    }

    /** A connection's two directions once it is open, and the routes for what it speaks. */
    private record Streams(InputStream in, OutputStream out, Routes routes) {
    }

    /** TLS, or on a --legacy port plain HTTP if the caller does not start with TLS; empty if it said nothing. */
    private Optional<Streams> open() throws IOException {
        raw.setTcpNoDelay(true);
        byte[] consumed = null;
        if (door.plain != null) {
            int first = raw.getInputStream().read();
            if (first < 0) {
                return Optional.empty();
            }
            if (first != TLS_HANDSHAKE_RECORD) {
                InputStream in = new java.io.SequenceInputStream(new ByteArrayInputStream(new byte[] {(byte) first}), raw.getInputStream());
                return Optional.of(new Streams(in, raw.getOutputStream(), door.plain));
            }
            consumed = new byte[] {(byte) first};
        }
        SSLSocket tls = (SSLSocket) door.tlsSockets.createSocket(raw, consumed == null ? null : new ByteArrayInputStream(consumed), true);
        tls.setUseClientMode(false);
        tls.setSSLParameters(door.tlsParameters);
        tls.startHandshake();
        return Optional.of(new Streams(tls.getInputStream(), tls.getOutputStream(), door.tls));
    }

    private void converse(Streams streams) throws IOException {
        Routes routes = streams.routes();
        InputStream in = new BufferedInputStream(streams.in(), BUFFER);
        OutputStream out = new BufferedOutputStream(new Progress(streams.out()), BUFFER);
        InetSocketAddress remote = (InetSocketAddress) raw.getRemoteSocketAddress();
        InetSocketAddress local = (InetSocketAddress) raw.getLocalSocketAddress();
        for (long idle = door.limits.firstRequestMillis(); ; idle = door.limits.keepAliveMillis()) {
            enter(Phase.IDLE, idle);
            int first = in.read();
            if (first < 0) {
                return;
            }
            enter(Phase.HEAD, door.limits.headMillis());
            RequestHead head;
            BodyIn request;
            InputStream body;
            try {
                head = RequestHead.read(first, in);
                long length = head.bodyLength();
                request = BodyIn.of(in, length);
                headDone = System.nanoTime();
                body = preRead(head, request, length, out).orElse(request);
            } catch (RequestHead.Refused refused) {
                refuse(out, refused.status, refused.getMessage());
                return;
            }
            if (!answer(head, request, body, routes, remote, local, out)) {
                return;
            }
        }
    }

    /**
     * Reads a small body before a worker is taken, so a caller trickling one holds no worker; the door's
     * budget bounds the bytes so held. A body too large for it is read by its handler (which may refuse it).
     */
    private Optional<InputStream> preRead(RequestHead head, BodyIn request, long length, OutputStream out) throws IOException {
        if (length <= 0 || length > door.limits.preReadBytes() || !door.bodyBytes.tryAcquire((int) length)) {
            if (head.expectsContinue() && length == RequestHead.CHUNKED) {
                continued(out);
            }
            return Optional.empty();
        }
        try {
            enter(Phase.BODY, door.limits.bodyMillis());
            if (head.expectsContinue()) {
                continued(out);
            }
            return Optional.of(new ByteArrayInputStream(request.readNBytes((int) length)));
        } finally {
            door.bodyBytes.release((int) length);
        }
    }

    private static void continued(OutputStream out) throws IOException {
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Runs the request's handler on a worker; whether the connection may carry another request. */
    private boolean answer(RequestHead head, BodyIn request, InputStream body, Routes routes, InetSocketAddress remote,
                           InetSocketAddress local, OutputStream out) throws IOException {
        enter(Phase.QUEUED, 0);
        if (!door.workers.tryAcquire()) {
            try {
                if (!door.workers.tryAcquire(door.limits.queueMillis(), TimeUnit.MILLISECONDS)) {
                    refuse(out, 503, "the server is busy; try again");
                    return false;
                }
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        try {
            unread = request == body ? request : null;
            lastWritten = System.nanoTime();
            enter(Phase.WORKING, unread != null ? Math.min(door.limits.bodyMillis(), door.limits.stallMillis()) : door.limits.stallMillis());
            Optional<Route> route = routes.find(head.uri().getRawPath() == null ? "/" : head.uri().getRawPath());
            if (route.isEmpty()) {
                refuse(out, 404, "not found");
                return false;
            }
            Exchange exchange = new Exchange(head, route.get(), request, body, remote, local, out);
            try {
                new Filter.Chain(route.get().getFilters(), route.get().getHandler()).doFilter(exchange);
            } finally {
                exchange.close();
            }
            return exchange.reusable() && !door.stopping();
        } finally {
            door.workers.release();
        }
    }

    /** A plain answer to a request that goes no further; the connection then closes. */
    private static void refuse(OutputStream out, int status, String why) throws IOException {
        byte[] text = (why + "\n").getBytes(StandardCharsets.UTF_8);
        Headers headers = new Headers();
        headers.set("Content-Type", "text/plain; charset=UTF-8");
        headers.set("Content-Length", Integer.toString(text.length));
        headers.set("Connection", "close");
        Exchange.writeHead(out, status, headers);
        out.write(text);
        out.flush();
    }

    /** Enters a phase; if it lasts {@code millis} (0: no limit) the connection is closed. */
    private synchronized void enter(Phase next, long millis) {
        phase = next;
        since = System.nanoTime();
        int mine = ++generation;
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        if (millis > 0) {
            deadline = door.schedule(() -> expired(mine), millis);
        }
    }

    /**
     * A phase's time ran out. A handler at work is let go on only while its answer moves and a body it reads
     * itself arrives in time: one whose caller stopped reading, or trickles, is cut off.
     */
    private void expired(int which) {
        if (generation != which) {
            return;
        }
        if (phase == Phase.WORKING) {
            long now = System.nanoTime();
            long quiet = TimeUnit.NANOSECONDS.toMillis(now - lastWritten);
            BodyIn reading = unread;
            boolean bodyLate = reading != null && !reading.finished()
                    && TimeUnit.NANOSECONDS.toMillis(now - headDone) > door.limits.bodyMillis();
            if (quiet < door.limits.stallMillis() && !bodyLate) {
                synchronized (this) {
                    if (generation == which) {
                        deadline = door.schedule(() -> expired(which), Math.min(door.limits.bodyMillis(), door.limits.stallMillis() - quiet));
                    }
                }
                return;
            }
        }
        door.report.debug("closed a connection from " + raw.getInetAddress().getHostAddress() + " after its " + phase.name().toLowerCase() + " took too long");
        end();
    }

    /** Notes when answer bytes last went out. */
    private final class Progress extends FilterOutputStream {
        Progress(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            lastWritten = System.nanoTime();
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            lastWritten = System.nanoTime();
        }
    }
}
