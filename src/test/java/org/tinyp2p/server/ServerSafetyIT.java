package org.tinyp2p.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tinyp2p.files.NameMatcher;
import org.tinyp2p.protocol.Faults;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.RemotePeer;
import org.tinyp2p.testing.ServerFixture;
import org.tinyp2p.testing.TestTls;

/** What a server answers to callers who ask for what they should not, or send what they should not. */
class ServerSafetyIT {
    @TempDir
    Path shared;
    @TempDir
    Path outside;
    final ServerFixture servers = new ServerFixture();
    final HttpClient http = TestTls.http();
    TinyServer server;
    RemotePeer peer;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(shared.resolve("ok.txt"), "ok");
        Files.writeString(shared.resolve(".hidden"), "hidden");
        Files.createDirectory(shared.resolve("folder"));
        Files.writeString(outside.resolve("secret"), "secret");
        Files.createSymbolicLink(shared.resolve("link-out"), outside.resolve("secret"));
        server = servers.start(shared, "pw", null);
        peer = ServerFixture.dialer("pw").peer(server.url());
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/etc/passwd", "folder", "link-out", "", ".hidden", "..", "../" , "ok.txt/..", "missing"})
    void everyNameThatIsNotASharedFileIsNoSuchFile(String name) {
        PeerException e = assertThrows(PeerException.class, () -> peer.fetch(name, 0));
        assertEquals(Faults.NO_SUCH_FILE, e.faultCode(), e.getMessage());
        assertTrue(e.getMessage().endsWith("answered with an error: 'no such file'"), e.getMessage());
    }

    @Test
    void aSharedFileIsServedAndListed() throws Exception {
        assertArrayEquals("ok".getBytes(StandardCharsets.UTF_8), peer.fetch("ok.txt", 0).data().toArray());
        assertEquals(List.of("ok.txt"), peer.list(NameMatcher.substring("")).stream().map(f -> f.name()).toList());
        PeerException beyond = assertThrows(PeerException.class, () -> peer.fetch("ok.txt", 3));
        assertEquals(Faults.BAD_REQUEST, beyond.faultCode());
    }

    @Test
    void aWrongPasswordLearnsNothingElse() {
        RemotePeer stranger = ServerFixture.dialer("other").peer(server.url());
        for (ThrowingCall call : List.<ThrowingCall>of(() -> stranger.fetch("ok.txt", 0), () -> stranger.fetch("../x", 0),
                () -> stranger.list(NameMatcher.substring("")), () -> stranger.exchangePeers(new Object[] {"http://evil:1"}))) {
            PeerException e = assertThrows(PeerException.class, call::run);
            assertEquals(PeerException.Kind.PASSWORD_REFUSED, e.kind());
        }
        assertFalse(server.peers().snapshot().toString().contains("evil"), "a refused call changes nothing");
    }

    @Test
    void peerUrlsOfAnyOtherFormAreDropped() throws Exception {
        peer.exchangePeers(new Object[] {"http://good:1", "http://evil:1/path", "file:///etc/passwd", "https://x:1", 7});
        assertEquals("[" + server.url() + ", http://good:1]", server.peers().snapshot().toString());
    }

    @Test
    void garbageGetsAPlainFaultWithoutInternals() throws Exception {
        for (String body : List.of("not xml", "<?xml version=\"1.0\"?><methodCall><methodName>list</methodName><params>",
                "<?xml version=\"1.0\"?><methodCall><methodName>nosuch</methodName><params/></methodCall>",
                "<?xml version=\"1.0\"?><methodCall><methodName>list</methodName><params><param><value><ex:serializable xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\">rO0=</ex:serializable></value></param></params></methodCall>",
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]><methodCall><methodName>list</methodName><params><param><value>&e;</value></param></params></methodCall>")) {
            HttpResponse<String> response = post("/", body);
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("<fault>"), response.body());
            for (String leak : List.of("Exception", "org.apache", "java.", "at org", shared.toString())) {
                assertFalse(response.body().contains(leak), "leaks " + leak + ": " + response.body());
            }
        }
    }

    @Test
    void theOriginalsPathAndPlainHttpAreHandled() throws Exception {
        assertTrue(post("/RPC2", "<?xml version=\"1.0\"?><methodCall><methodName>list</methodName><params/></methodCall>")
                .body().contains("password refused"));
        assertEquals(405, http.send(HttpRequest.newBuilder(URI.create(TestTls.https(server.url()) + "/")).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(404, post("/etc/passwd", "x").statusCode());
    }

    @Test
    void anOversizedRequestIsRefusedAndTheServerStaysHealthy() throws Exception {
        byte[] big = new byte[5 * 1024 * 1024];
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(TestTls.https(server.url()) + "/"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(413, response.statusCode());
        } catch (java.io.IOException closedWhileSending) {
            // the server answered 413 and closed before the body was all sent: refused early, as it should be
        }
        assertEquals("ok", new String(peer.fetch("ok.txt", 0).data().toArray(), StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(TestTls.https(server.url()) + path)).header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void oneAddressCannotTakeEveryWorker() throws Exception {
        List<java.net.Socket> hogs = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) { // the door's places for one address; each promises a body it never sends
                java.net.Socket hog = TestTls.socket("127.0.0.1", server.url().port());
                hog.getOutputStream().write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                hog.getOutputStream().flush();
                hogs.add(hog);
            }
            Thread.sleep(300);
            // the hogs' bodies are read before a worker is taken, so they hold none; the address has used its
            // connections (none evictable: each is in its body), so the door turns the next one away at once
            long start = System.nanoTime();
            String same;
            try {
                same = statusFrom("127.0.0.1");
            } catch (java.io.IOException turnedAway) {
                same = "closed";
            }
            assertTrue(same.equals("closed") || same.equals("HTTP/1.1 429"), "the same address: " + same);
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "turned away at once");
            assertEquals("HTTP/1.1 405", statusFrom("127.0.0.2"), "another address is still served");
        } finally {
            for (java.net.Socket hog : hogs) {
                hog.close();
            }
        }
    }

    private String statusFrom(String localAddress) throws Exception {
        java.net.Socket plain = new java.net.Socket();
        plain.bind(new java.net.InetSocketAddress(localAddress, 0));
        plain.connect(new java.net.InetSocketAddress("127.0.0.1", server.url().port()), 2000);
        plain.setSoTimeout(5000);
        try (java.net.Socket socket = TestTls.over(plain, "127.0.0.1", server.url().port())) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return line.substring(0, 12);
        }
    }

    @Test
    void aHugeDeclaredBodyIsRefusedBeforeItIsRead() throws Exception {
        try (java.net.Socket socket = TestTls.socket("127.0.0.1", server.url().port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 314572800\r\n\r\n<?xml")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertEquals("HTTP/1.1 413 Request Entity Too Large", status);
        }
        assertEquals("ok", new String(peer.fetch("ok.txt", 0).data().toArray(), StandardCharsets.UTF_8), "and the server is healthy");
    }

    @Test
    void aSlowLorisIsCutOffWithinSecondsAndAHeaderFloodRefused() throws Exception {
        try (java.net.Socket slow = TestTls.socket("127.0.0.1", server.url().port())) {
            slow.setSoTimeout(30_000);
            slow.getOutputStream().write("POST / HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            int read;
            try {
                read = slow.getInputStream().read();
            } catch (java.net.SocketException reset) {
                read = -1;
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertEquals(-1, read, "closed, not answered");
            assertTrue(seconds <= 15, "held for " + seconds + " s");
        }
        StringBuilder flood = new StringBuilder("GET / HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 500; i++) {
            flood.append("X-H").append(i).append(": v\r\n");
        }
        try (java.net.Socket socket = TestTls.socket("127.0.0.1", server.url().port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(flood.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertTrue(status == null || !status.contains(" 405"), "500 headers were accepted: " + status);
        }
    }
}
