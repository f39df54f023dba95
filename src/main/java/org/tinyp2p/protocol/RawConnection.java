package org.tinyp2p.protocol;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.tinyp2p.secure.Tls;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tinyp2p.peer.PeerUrl;

/**
 * One HTTP/1.1 connection over TLS 1.3 to a peer's raw path, kept open from one download to the next. It speaks only what
 * that path needs: a GET, and an answer whose body has a Content-Length. Everything from the peer is bounded:
 * the head to {@link #MAX_HEAD} bytes and {@link #MAX_HEADERS} lines; no redirects, no proxy.
 *
 * <p>Why not HttpURLConnection: for thousands of small files its per-request machinery, and the time the JIT
 * spends compiling it in a short client run, cost more than the transfers.
 */
final class RawConnection implements Closeable {
    static final int MAX_HEAD = 16 * 1024;
    static final int MAX_HEADERS = 64;
    /** What the TCP connection reads ahead at once: several TLS records of 16 KiB. */
    static final int READ_AHEAD = 128 * 1024;

    /** An answer's status line and headers (names lower-cased). */
    record Head(int status, Map<String, String> headers, long contentLength, boolean keepAlive) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private final PeerUrl peer;
    private final Socket socket;
    /** The TCP connection under the TLS one: bytes waiting there mean more of the answer is on its way. */
    private final Socket plain;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] head = new byte[MAX_HEAD];
    // bytes read past the head, not yet handed out: head[pending, pendingEnd)
    private int pending;
    private int pendingEnd;
    private long bodyLeft;
    /** The deadline under way, if any ({@link #openWithin}, {@link #arm}). */
    private final Expiry expiry;

    /**
     * A deadline that cuts the TCP connection under TLS (which unblocks a read at once, where closing TLS might
     * wait) unless it is settled first. A read timeout alone never trips on a peer that trickles a byte at a time.
     */
    private static final class Expiry {
        private final Socket plain;
        private volatile boolean expired;
        private CallDeadline deadline;

        Expiry(Socket plain) {
            this.plain = plain;
        }

        synchronized void arm(java.time.Duration within) {
            settle();
            expired = false;
            deadline = CallDeadline.after(within, () -> {
                expired = true;
                closeQuietly(plain);
            });
        }

        synchronized void settle() {
            if (deadline != null) {
                deadline.close();
                deadline = null;
            }
        }
    }

    private RawConnection(PeerUrl peer, Socket plain, Socket socket, Expiry expiry) throws IOException {
        this.peer = peer;
        this.plain = plain;
        this.socket = socket;
        this.expiry = expiry;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Connects and completes TLS with {@code tls}, which refuses a certificate other than the one the peer is pinned
     * to, with a deadline from before it connects: the connection is cut when {@code timeouts.call()} has passed (TLS
     * handshake included) unless {@link #settle} comes first, and {@link #expired} then says so.
     */
    static RawConnection openWithin(PeerUrl peer, Timeouts timeouts, SSLSocketFactory tls) throws IOException {
        Socket plain = new ReadAheadSocket(READ_AHEAD);
        Socket socket = plain;
        Expiry expiry = new Expiry(plain);
        expiry.arm(timeouts.call());
        try {
            String host = peer.host().startsWith("[") ? peer.host().substring(1, peer.host().length() - 1) : peer.host();
            plain.connect(new InetSocketAddress(host, peer.port()), (int) timeouts.connect().toMillis());
            plain.setSoTimeout((int) timeouts.read().toMillis());
            plain.setTcpNoDelay(true);
            SSLSocket secure = (SSLSocket) tls.createSocket(plain, peer.host(), peer.port(), true);
            socket = secure;
            SSLParameters parameters = secure.getSSLParameters();
            Tls.restrict(parameters);
            secure.setSSLParameters(parameters);
            secure.startHandshake();
            return new RawConnection(peer, plain, secure, expiry);
        } catch (IOException | RuntimeException e) {
            socket.close();
            expiry.settle();
            if (expiry.expired) {
                throw new Expired(timeouts.call(), e);
            }
            throw e;
        }
    }

    /** Cuts the connection when {@code within} has passed, unless {@link #settle} comes first: for one request's answer head. */
    void arm(java.time.Duration within) {
        expiry.arm(within);
    }

    /** The awaited part arrived in time: the deadline is off. */
    void settle() {
        expiry.settle();
    }

    /** Whether a deadline ({@link #openWithin}, {@link #arm}) cut the connection. */
    boolean expired() {
        return expiry.expired;
    }

    /** The deadline of {@link #openWithin} cut the connection. */
    static final class Expired extends java.net.SocketTimeoutException {
        Expired(java.time.Duration after, Throwable cause) {
            super("no answer within " + after.toSeconds() + " s");
            initCause(cause);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing left to do with it
        }
    }

    PeerUrl peer() {
        return peer;
    }

    /**
     * Sends a GET and reads the answer's head; the body is then read with {@link #readBody}.
     *
     * @throws EOFException if the peer closed the connection before answering (a kept connection gone stale)
     * @throws MalformedAnswer if the head is not HTTP/1.x as this client accepts it
     */
    Head get(String target, Map<String, String> headers) throws IOException {
        return send("GET", target, headers, null);
    }

    /** Sends a POST with a (small) body and reads the answer's head, as {@link #get} does. */
    Head post(String target, Map<String, String> headers, byte[] body) throws IOException {
        return send("POST", target, headers, body);
    }

    private Head send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder request = new StringBuilder(256).append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(peer.host()).append(':').append(peer.port()).append("\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            request.append("Content-Length: ").append(body.length).append("\r\n");
        }
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
        return readHead();
    }

    /** Whether more of the answer can be read at once, without waiting for the peer. */
    boolean moreWaiting() throws IOException {
        return pending < pendingEnd || in.available() > 0 || plain.getInputStream().available() > 0;
    }

    /** The SHA-256 of the certificate this connection's peer showed. */
    String certificate() throws IOException {
        return Tls.fingerprint(((SSLSocket) socket).getSession().getPeerCertificates()[0]);
    }

    private Head readHead() throws IOException {
        int length = 0;
        int end;
        while ((end = endOfHead(length)) < 0) {
            if (length == head.length) {
                throw new MalformedAnswer("an answer head over " + MAX_HEAD + " bytes");
            }
            int n = in.read(head, length, head.length - length);
            if (n < 0) {
                if (length == 0) {
                    throw new EOFException("closed before answering");
                }
                throw new MalformedAnswer("an answer cut off in its head");
            }
            length += n;
        }
        List<String> lines = lines(new String(head, 0, end, StandardCharsets.ISO_8859_1));
        if (lines.size() - 1 > MAX_HEADERS) {
            throw new MalformedAnswer("more than " + MAX_HEADERS + " headers");
        }
        String statusLine = lines.get(0);
        int status = status(statusLine);
        Map<String, String> fields = fields(lines.subList(1, lines.size()));
        if (fields.containsKey("transfer-encoding")) {
            throw new MalformedAnswer("a body without a length");
        }
        String lengthField = fields.get("content-length");
        long contentLength;
        try {
            contentLength = lengthField == null ? 0 : Long.parseLong(lengthField);
        } catch (NumberFormatException e) {
            throw new MalformedAnswer("a bad Content-Length");
        }
        if (contentLength < 0) {
            throw new MalformedAnswer("a bad Content-Length");
        }
        pending = end + 4;
        pendingEnd = length;
        bodyLeft = contentLength;
        boolean keepAlive = statusLine.startsWith("HTTP/1.1") && !"close".equalsIgnoreCase(fields.get("connection"));
        return new Head(status, fields, contentLength, keepAlive);
    }

    /** The status of a line "HTTP/1.x NNN reason": a three-digit status after the version. */
    private static int status(String statusLine) throws MalformedAnswer {
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' '
                || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')
                || !Character.isDigit(statusLine.charAt(9)) || !Character.isDigit(statusLine.charAt(10)) || !Character.isDigit(statusLine.charAt(11))) {
            throw new MalformedAnswer("an answer that is not HTTP/1.x");
        }
        return Integer.parseInt(statusLine.substring(9, 12));
    }

    /** The header fields, names lower-cased. */
    private static Map<String, String> fields(List<String> lines) throws MalformedAnswer {
        Map<String, String> fields = new HashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MalformedAnswer("a malformed header line");
            }
            fields.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return fields;
    }

    /** The head's lines (split at CRLF without a regex: this runs once per file). */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int from = 0;
        for (int at; (at = text.indexOf("\r\n", from)) >= 0; from = at + 2) {
            lines.add(text.substring(from, at));
        }
        lines.add(text.substring(from));
        return lines;
    }

    /** Where the blank line ending the head starts within the first {@code length} bytes, or -1. */
    private int endOfHead(int length) {
        for (int i = 0; i + 3 < length; i++) {
            if (head[i] == '\r' && head[i + 1] == '\n' && head[i + 2] == '\r' && head[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Reads body bytes; -1 when the body is over. A body cut short ends early (the caller counts). */
    int readBody(byte[] into, int offset, int max) throws IOException {
        if (bodyLeft == 0) {
            return -1;
        }
        int wanted = (int) Math.min(max, bodyLeft);
        int n;
        if (pending < pendingEnd) {
            n = Math.min(wanted, pendingEnd - pending);
            System.arraycopy(head, pending, into, offset, n);
            pending += n;
        } else {
            n = in.read(into, offset, wanted);
            if (n < 0) {
                return -1;
            }
        }
        bodyLeft -= n;
        return n;
    }

    /** Whether the last answer's body was read to its end, so the connection can carry another request. */
    boolean bodyDone() {
        return bodyLeft == 0 && pending == pendingEnd;
    }

    @Override
    public void close() {
        expiry.settle();
        closeQuietly(socket);
    }

    /** The peer's answer is not HTTP as this client takes it. */
    static final class MalformedAnswer extends IOException {
        MalformedAnswer(String message) {
            super(message);
        }
    }
}
