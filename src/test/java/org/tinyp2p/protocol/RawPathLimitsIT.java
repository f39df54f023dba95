package org.tinyp2p.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.secure.ServerIdentity;
import org.tinyp2p.testing.PakeResponder;
import org.tinyp2p.testing.ServerFixture;

/**
 * The raw path's own HTTP client (over TLS) against members that answer badly at the byte level: every bad head is a bad
 * answer in a line, never a hang or a huge buffer, and a kept connection the peer closed is replaced.
 */
class RawPathLimitsIT {
    /**
     * A member at the byte level: TLS, the password exchange as ours does it, then each GET on a connection
     * answered with the canned answer; closes after {@code perConnection} GETs. Only connections that carry a
     * GET are counted.
     */
    static final class SocketPeer implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();
        final List<Socket> open = new CopyOnWriteArrayList<>();
        final ServerIdentity identity = ServerIdentity.generate();
        final PakeResponder pake = new PakeResponder("pw", identity, () -> url().toString());
        /** Milliseconds between the answer's bytes (0: all at once). */
        volatile long trickleMillis;

        SocketPeer(int perConnection, byte[] answer) throws IOException {
            socket = identity.context().getServerSocketFactory().createServerSocket(0, 16, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        open.add(s);
                        Thread serve = new Thread(() -> serve(s, perConnection, answer));
                        serve.setDaemon(true);
                        serve.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
        }

        private void serve(Socket s, int perConnection, byte[] answer) {
            try (s) {
                InputStream in = s.getInputStream();
                boolean counted = false;
                for (int gets = 0; gets < perConnection; ) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    if (head.startsWith("POST /pake")) {
                        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
                        byte[] body = in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
                        byte[] reply = pake.answer(body).orElseThrow();
                        s.getOutputStream().write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + reply.length + "\r\n\r\n"));
                        s.getOutputStream().write(reply);
                        s.getOutputStream().flush();
                        continue;
                    }
                    if (!counted) {
                        connections.incrementAndGet();
                        counted = true;
                    }
                    gets++;
                    if (trickleMillis == 0) {
                        s.getOutputStream().write(answer);
                        s.getOutputStream().flush();
                    } else {
                        for (byte b : answer) {
                            s.getOutputStream().write(b);
                            s.getOutputStream().flush();
                            Thread.sleep(trickleMillis);
                        }
                    }
                }
            } catch (IOException | InterruptedException ignored) {
                // the client hung up
            }
        }

        /** The request's head, or null at the end of the stream. */
        private static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            for (int b; (b = in.read()) >= 0; ) {
                head.append((char) b);
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    return head.toString();
                }
            }
            return null;
        }

        PeerUrl url() {
            return PeerUrl.of("127.0.0.1", socket.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }

    SocketPeer peer;
    static final PeerDialer DIALER = ServerFixture.dialer("pw");

    @AfterEach
    void stop() throws IOException {
        if (peer != null) {
            peer.close();
        }
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Downloads through the one dialer of this class, so connections are kept between calls. */
    byte[] download(SocketPeer p) throws Exception {
        ByteArrayOutputStream into = new ByteArrayOutputStream();
        DIALER.peer(p.url()).download("f.bin", 0, null, bytes -> into.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining()));
        return into.toByteArray();
    }

    String refusal(byte[] answer) throws Exception {
        peer = new SocketPeer(1, answer);
        PeerException e = assertThrows(PeerException.class, () -> download(peer));
        return e.getMessage();
    }

    @Test
    void anEndlessHeadIsRefused() throws Exception {
        String message = refusal(ascii("HTTP/1.1 206 OK\r\nX-Filler: " + "x".repeat(100_000) + "\r\n\r\n"));
        assertTrue(message.contains("an answer head over " + RawConnection.MAX_HEAD + " bytes"), message);
    }

    @Test
    void aBodyWithoutALengthIsRefused() throws Exception {
        String message = refusal(ascii("HTTP/1.1 206 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"));
        assertTrue(message.contains("a body without a length"), message);
    }

    @Test
    void somethingThatIsNotHttpIsRefused() throws Exception {
        String message = refusal(ascii("SSH-2.0-OpenSSH_9.6\r\n\r\n"));
        assertTrue(message.contains("an answer that is not HTTP/1.x"), message);
        message = refusal(ascii("HTTP/1.1 206 OK\r\nContent-Length: -5\r\n\r\n"));
        assertTrue(message.contains("a bad Content-Length"), message);
        message = refusal(ascii("HTTP/1.1 206 OK\r\n" + "A: b\r\n".repeat(RawConnection.MAX_HEADERS + 1) + "\r\n"));
        assertTrue(message.contains("more than " + RawConnection.MAX_HEADERS + " headers"), message);
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        String message = refusal(ascii("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/\r\nContent-Length: 0\r\n\r\n"));
        assertTrue(message.contains("HTTP 302"), message);
    }

    @Test
    void aKeptConnectionThePeerClosedIsReplaced() throws Exception {
        byte[] ok = ascii("HTTP/1.1 206 Partial\r\nContent-Range: bytes 0-4/5\r\nContent-Length: 5\r\n\r\nhello");
        peer = new SocketPeer(1, ok); // answers once per connection, then hangs up without saying so
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(ascii("hello"), download(peer), "download " + i);
        }
        assertEquals(3, peer.connections.get(), "a new connection for each, after the kept one was found closed");
    }

    @Test
    void aConnectionIsKeptBetweenDownloads() throws Exception {
        byte[] ok = ascii("HTTP/1.1 206 Partial\r\nContent-Range: bytes 0-4/5\r\nContent-Length: 5\r\n\r\nhello");
        peer = new SocketPeer(100, ok);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(ascii("hello"), download(peer), "download " + i);
        }
        assertEquals(1, peer.connections.get(), "one connection carried all five");
    }

    @Test
    void aHeadTrickledByteByByteIsCutAtTheCallsDeadlineThoughNoReadTimesOut() throws Exception {
        byte[] ok = ascii("HTTP/1.1 206 Partial\r\nContent-Range: bytes 0-4/5\r\nContent-Length: 5\r\n\r\nhello");
        peer = new SocketPeer(1, ok);
        peer.trickleMillis = 300; // 80 bytes: 24 s in all, each byte well within the read timeout
        Timeouts quick = new Timeouts(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(3));
        PeerDialer dialer = new PeerDialer("pw".toCharArray(), java.util.Set.of(), quick);
        long began = System.nanoTime();
        PeerException e = assertThrows(PeerException.class, () -> dialer.peer(peer.url()).download("f.bin", 0, null, bytes -> { }));
        long seconds = (System.nanoTime() - began) / 1_000_000_000L;
        assertTrue(e.getMessage().endsWith("is unreachable: timed out"), e.getMessage());
        assertTrue(seconds < 12, "cut at the call's deadline (3 s), not after the whole head (24 s): took " + seconds + " s");
    }
}
