package org.tinyp2p.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.files.HashCache;
import org.tinyp2p.server.TinyServer;
import org.tinyp2p.testing.Folders;
import org.tinyp2p.testing.ServerFixture;
import org.tinyp2p.testing.TestTls;

/** A server's bundles ({@link Protocol#BUNDLE_PATH}) answer only what its raw path would serve, and only to members. */
class BundleIT {
    @TempDir
    Path shared;
    @TempDir
    Path outside;
    final ServerFixture servers = new ServerFixture();
    TinyServer server;
    RemotePeer peer;

    @BeforeEach
    void start() throws Exception {
        server = servers.start(shared, "pw", null);
        peer = ServerFixture.dialer("pw").peer(server.url());
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    static BundledFile listed(String name, byte[] bytes) {
        return new BundledFile(name, bytes.length, HexFormat.of().formatHex(HashCache.newDigest().digest(bytes)));
    }

    Map<String, byte[]> ask(List<BundledFile> files) throws PeerException {
        Map<String, byte[]> received = new LinkedHashMap<>();
        peer.bundle(files, (file, bytes) -> received.put(file.name(), bytes));
        return received;
    }

    @Test
    void sharedSmallFilesComeInOrderAndNothingElseDoes() throws Exception {
        byte[] one = Folders.random(5000, 1);
        byte[] two = Folders.random(70_000, 2);
        byte[] secret = Folders.random(100, 3);
        byte[] big = Folders.random(Protocol.MAX_BUNDLED_FILE + 1, 4);
        Folders.write(shared, "one.bin", one);
        Folders.write(shared, "two ünï.bin", two);
        Folders.write(shared, ".hidden", secret);
        Folders.write(outside, "secret", secret);
        Files.createSymbolicLink(shared.resolve("link"), outside.resolve("secret"));
        Folders.write(shared, "big.bin", big);
        Files.createDirectories(shared.resolve("sub"));
        Folders.write(shared.resolve("sub"), "inner", secret); // a file in a subfolder is shared: it comes by its path
        Files.createDirectories(shared.resolve(".git"));
        Folders.write(shared.resolve(".git"), "config", secret);
        Files.createSymbolicLink(shared.resolve("linked"), outside);
        Files.createFile(shared.resolve("empty"));

        List<BundledFile> asked = List.of(listed("two ünï.bin", two), listed(".hidden", secret), listed("link", secret),
                listed("../" + outside.getFileName() + "/secret", secret), listed("sub/inner", secret), listed("sub", secret),
                listed(".git/config", secret), listed("linked/secret", secret), listed("sub//inner", secret), listed("sub/../link", secret),
                new BundledFile("big.bin", Protocol.MAX_BUNDLED_FILE, HexFormat.of().formatHex(HashCache.newDigest().digest(big))), listed("missing", one),
                listed("empty", new byte[0]), listed("one.bin", one));
        Map<String, byte[]> received = ask(asked);
        assertEquals(List.of("two ünï.bin", "sub/inner", "empty", "one.bin"), List.copyOf(received.keySet()));
        assertArrayEquals(two, received.get("two ünï.bin"));
        assertArrayEquals(one, received.get("one.bin"));
        // the server logs once the answer is out, which may be a moment after the client has read it
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!servers.log().contains("info: Served 'one.bin' (5000 bytes) to 127.0.0.1") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(servers.log().contains("info: Served 'one.bin' (5000 bytes) to 127.0.0.1"), "as a single download logs it\n" + servers.log());
    }

    @Test
    void aFileListedWithOtherBytesIsNotDelivered() throws Exception {
        byte[] now = Folders.random(3000, 5);
        Folders.write(shared, "changed.bin", now);
        Folders.write(shared, "same.bin", now);
        Folders.write(shared, "grown.bin", now);
        peer.list(org.tinyp2p.files.NameMatcher.substring("")); // as a run does: the server has the hashes then
        Map<String, byte[]> received = ask(List.of(listed("changed.bin", Folders.random(3000, 6)), listed("same.bin", now),
                listed("grown.bin", Folders.random(2999, 6))));
        assertEquals(List.of("same.bin"), List.copyOf(received.keySet()), "the size, and the hash where the server has it, must be as listed (the bytes are verified when written)");
    }

    @Test
    void aBundleOverItsByteBudgetAnswersTheRestAsAskAlone() throws Exception {
        List<BundledFile> asked = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] bytes = Folders.random(Protocol.MAX_BUNDLED_FILE, 10 + i);
            Folders.write(shared, "f" + i, bytes);
            asked.add(listed("f" + i, bytes));
        }
        Map<String, byte[]> received = ask(asked);
        assertEquals(Protocol.MAX_BUNDLE_BYTES / Protocol.MAX_BUNDLED_FILE, received.size());
        assertEquals("f0", received.keySet().iterator().next());
    }

    @Test
    void aMemberTricklingItsBundleIsDroppedAsATricklingDownloadIs() throws Exception {
        try (org.tinyp2p.testing.FakePeer trickler = new org.tinyp2p.testing.FakePeer("pw", (self, method) -> null)
                .on(Protocol.BUNDLE_PATH, exchange -> {
                    try (exchange) {
                        exchange.getRequestBody().readAllBytes();
                        exchange.getResponseHeaders().set("Content-Type", Protocol.BUNDLE_TYPE);
                        exchange.sendResponseHeaders(200, 4096 + 7);
                        for (int i = 0; i < 4096 + 7; i++) {
                            exchange.getResponseBody().write(i < 7 ? "4096 -\n".charAt(i) : 'x');
                            exchange.getResponseBody().flush();
                            Thread.sleep(50);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })) {
            RemotePeer slow = new PeerDialer("pw".toCharArray(), java.util.Set.of(),
                    new Timeouts(java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(60)))
                    .peer(org.tinyp2p.peer.PeerUrl.parse(trickler.url()).orElseThrow());
            long began = System.nanoTime();
            PeerException e = org.junit.jupiter.api.Assertions.assertThrows(PeerException.class,
                    () -> slow.bundle(List.of(listed("x", new byte[4096])), (f, b) -> { }));
            assertTrue(e.getMessage().contains("sends too slowly"), e.getMessage());
            assertTrue((System.nanoTime() - began) / 1e9 < 10, "dropped soon after the read timeout's worth of time");
        }
    }

    @Test
    void onlyMembersWithAValidSignatureOverTheNamesAreAnswered() throws Exception {
        Folders.write(shared, "one.bin", Folders.random(10, 1));
        HttpClient http = TestTls.http();
        String url = TestTls.https(server.url()) + Protocol.BUNDLE_PATH;
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString("one.bin"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, unsigned.statusCode(), unsigned.body());
        assertEquals(405, http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        for (String body : new String[] {"a\n\nb", "a\n", "one.bin\none.bin", "%61", "%2f", "a+b", "%C0%AE"}) {
            assertEquals(400, http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "not as a client of ours writes it: " + body);
        }
        assertEquals(400, http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(
                String.join("\n", java.util.Collections.nCopies(Protocol.MAX_BUNDLE_FILES + 1, "one.bin")))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "too many names");
        assertEquals(413, http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(
                new byte[Protocol.MAX_BUNDLE_REQUEST + 1])).build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
                "too long: refused at the door, unread");
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(url + "x")).POST(HttpRequest.BodyPublishers.ofString("one.bin")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());

        // the password exchange fails before any bundle is asked
        RemotePeer impostor = ServerFixture.dialer("not the password").peer(server.url());
        PeerException refused = org.junit.jupiter.api.Assertions.assertThrows(PeerException.class,
                () -> impostor.bundle(List.of(listed("one.bin", new byte[10])), (f, b) -> { }));
        assertEquals(PeerException.Kind.PASSWORD_REFUSED, refused.kind(), refused.getMessage());
    }
}
