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
 * only once a whole request has arrived, body and all, and given back before the answer's last flush.
 */
final class Conversation implements Runnable, Admission.Occupant {
    private static final int TLS_HANDSHAKE_RECORD = 22;
    private static final int BUFFER = 16 * 1024;
    private static final long LINGER_MILLIS = 1_000;
    /**
     * Requests a stranger's connection carries (a password exchange takes 2; a caller that proved it is a member
     * from its next request): pipelined requests whose answers it never reads, or reads not even to decrypt,
     * then cost it a TLS handshake per few answers we encrypt, not nothing.
     */
    static final int STRANGER_REQUESTS = 8;

    private final Door door;
    private final Socket raw;
    private final InetAddress group;
    private final boolean trusted;
    private volatile Phase phase = Phase.HANDSHAKE;
    private volatile long since = System.nanoTime();
    /** Bumped at each phase, so a deadline set for an earlier one does nothing. */
    private volatile int generation;
    /** When the answer under way last moved {@link Progress#MOVE} bytes (or began), and how much it moved since. */
    private volatile long lastMoved;
    private int unmoved;
    private int strangerRequests;
    /** How long the answer under way may stop moving: short for a stranger's, whose answers are all small. */
    private volatile long stall;
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
            Request request;
            try {
                request = arrive(first, in, routes, out);
            } catch (RequestHead.Refused refused) {
                refuse(out, refused.status, refused.getMessage());
                return;
            }
            boolean again;
            try {
                again = answer(request, remote, local, out);
            } finally {
                door.bodyBytes.give(request.body().length, request.member());
            }
            if (!again) {
                return;
            }
        }
    }

    /**
     * A request that has wholly arrived: its head, its route, its body's framing and bytes (which hold as much
     * of the door's body budget until it is answered), and whether its caller was a member when it came.
     */
    private record Request(RequestHead head, Route route, BodyIn framing, byte[] body, boolean member) {
    }

    /**
     * Reads a request, body and all, before a worker is taken, so a caller trickling one, or promising one that
     * never comes, holds no worker. A body over its route's cap is refused unread (413) or as soon as its chunks
     * pass the cap; while the door's budget is spent the body waits for room in its own phase, then 503.
     */
    private Request arrive(int first, InputStream in, Routes routes, OutputStream out) throws IOException {
        RequestHead head = RequestHead.read(first, in);
        Route route = routes.find(head.uri().getRawPath() == null ? "/" : head.uri().getRawPath())
                .orElseThrow(() -> new RequestHead.Refused(404, "not found"));
        long length = head.bodyLength();
        int cap = Math.min(route.maxBody(), door.limits.maxBodyBytes());
        if (length > cap) {
            throw new RequestHead.Refused(413, "a request body over " + cap + " bytes");
        }
        boolean member = door.trusted(raw.getInetAddress());
        BodyIn framing = BodyIn.of(in, length);
        if (length == 0 || length == -1) {
            return new Request(head, route, framing, new byte[0], member);
        }
        int reserved = length == RequestHead.CHUNKED ? cap : (int) length; // chunks: room for the most they may be
        enter(Phase.BODY, door.limits.bodyMillis());
        if (!take(door.bodyBytes, reserved, member, door.limits.bodyMillis() / 2)) {
            throw new RequestHead.Refused(503, "the server is busy; try again");
        }
        byte[] body;
        try {
            if (head.expectsContinue()) {
                continued(out);
            }
            body = framing.readWhole(cap);
        } catch (IOException | RuntimeException e) {
            door.bodyBytes.give(reserved, member);
            throw e;
        }
        door.bodyBytes.give(reserved - body.length, member);
        return new Request(head, route, framing, body, member);
    }

    private static boolean take(Shares shares, int n, boolean member, long millis) throws IOException {
        try {
            return shares.take(n, member, millis);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("the server is stopping");
        }
    }

    private static void continued(OutputStream out) throws IOException {
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Runs the request's handler on a worker; whether the connection may carry another request. The answer's
     * last bytes (all of a small one) go out after the worker is given back: a caller that pipelines requests
     * and reads no answer then holds only its own connection, which reads no further request until they are
     * out, and is cut by the stall limit.
     */
    private boolean answer(Request request, InetSocketAddress remote, InetSocketAddress local, OutputStream out) throws IOException {
        boolean member = request.member();
        enter(Phase.QUEUED, door.limits.queueMillis() + door.limits.strangerStallMillis()); // the wait, and a 503
        if (!take(door.workers, 1, member, door.limits.queueMillis())) {
            refuse(out, 503, "the server is busy; try again");
            return false;
        }
        Exchange exchange;
        Exception failed = null;
        try {
            stall = member ? door.limits.stallMillis() : door.limits.strangerStallMillis();
            lastMoved = System.nanoTime();
            unmoved = 0;
            enter(Phase.WORKING, stall);
            boolean last = !member && ++strangerRequests >= STRANGER_REQUESTS;
            exchange = new Exchange(request.head(), request.route(), request.framing(),
                    new ByteArrayInputStream(request.body()), last, remote, local, out);
            try {
                new Filter.Chain(request.route().getFilters(), request.route().getHandler()).doFilter(exchange);
            } catch (IOException | RuntimeException e) {
                failed = e; // what the handler got out (or the 500 in its place) still goes, then the connection ends
            } finally {
                exchange.close();
            }
        } finally {
            door.workers.give(1, member);
        }
        out.flush();
        if (failed != null) {
            door.report.debug("answering " + raw.getInetAddress().getHostAddress() + " failed: " + failed);
            return false;
        }
        return exchange.reusable() && !door.stopping();
    }

    /** A plain answer to a request that goes no further; the connection then closes. */
    private void refuse(OutputStream out, int status, String why) throws IOException {
        byte[] text = (why + "\n").getBytes(StandardCharsets.UTF_8);
        Headers headers = new Headers();
        headers.set("Content-Type", "text/plain; charset=UTF-8");
        headers.set("Content-Length", Integer.toString(text.length));
        headers.set("Connection", "close");
        Exchange.writeHead(out, status, headers);
        out.write(text);
        out.flush();
        linger();
    }

    /**
     * Reads and drops what the caller still sends (the body of a request refused unread, the rest of a head too
     * long), for a moment, before the close: closing with bytes unread resets the connection, and the caller's
     * system may then drop our answer unseen (RFC 9112 9.6). Only this connection's own thread waits.
     */
    private void linger() {
        enter(Phase.CLOSING, LINGER_MILLIS);
        try {
            raw.shutdownOutput();
            InputStream in = raw.getInputStream();
            byte[] dropped = new byte[BUFFER];
            while (in.read(dropped) >= 0) {
                // until the caller closes, or the deadline closes the socket
            }
        } catch (IOException closed) {
            // closed either way
        }
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
     * A phase's time ran out. An answer is let go on only while it moves: {@link Progress#MOVE} bytes within
     * each stall limit. One whose caller stopped reading, or reads a byte now and then, is cut off.
     */
    private void expired(int which) {
        if (generation != which) {
            return;
        }
        if (phase == Phase.WORKING) {
            long quiet = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastMoved);
            if (quiet < stall) {
                synchronized (this) {
                    if (generation == which) {
                        deadline = door.schedule(() -> expired(which), stall - quiet);
                    }
                }
                return;
            }
        }
        door.report.debug("closed a connection from " + raw.getInetAddress().getHostAddress() + " after its " + phase.name().toLowerCase() + " took too long");
        end();
    }

    /** Notes when the answer last moved {@link #MOVE} bytes. */
    private final class Progress extends FilterOutputStream {
        /**
         * What an answer must move within each stall limit: 64 KiB a minute, for a member's, is a thousandth of
         * what the slowest LAN carries, but a reader that takes a few bytes now and then no longer holds a worker
         * for ever.
         */
        static final int MOVE = 64 * 1024;

        Progress(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            moved(len);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            moved(1);
        }

        private void moved(int n) {
            unmoved += n;
            if (unmoved >= MOVE) {
                unmoved = 0;
                lastMoved = System.nanoTime();
            }
        }
    }
}
