package org.tinyp2p.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tinyp2p.protocol.Protocol;
import org.tinyp2p.testing.FakePeer;
import org.tinyp2p.testing.Folders;
import org.tinyp2p.testing.FreePorts;
import org.tinyp2p.testing.RunningProcess;
import org.tinyp2p.testing.Tinyp2pJar;

/**
 * A member that breaks its bundles ({@link Protocol#BUNDLE_PATH}) costs only the bundle: every file still
 * arrives whole and verified, asked for alone, and no byte it made up gets a name. The built jar, as a user runs it.
 */
class HostileBundleIT {
    static final Duration END = Duration.ofSeconds(120);
    static final Map<String, byte[]> FILES = new TreeMap<>(Map.of(
            "a.bin", Folders.random(3000, 1), "b.bin", Folders.random(5000, 2), "c.bin", Folders.random(7000, 3)));

    @TempDir
    Path tmp;
    final Tinyp2pJar jar = new Tinyp2pJar();

    @AfterEach
    void stopAll() {
        jar.close();
    }

    /** A bundle's answer as a server of ours writes it, from each file's line and bytes. */
    static byte[] bundle(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] bytes : files.values()) {
            body.write((bytes.length + " -\n").getBytes(StandardCharsets.US_ASCII));
            body.write(bytes);
        }
        return body.toByteArray();
    }

    static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        }
    }

    FakePeer member(com.sun.net.httpserver.HttpHandler bundles) {
        return new FakePeer("pw", (self, method) -> switch (method) {
            case "ping" -> FakePeer.response(FakePeer.strings(List.of(self)));
            case "list" -> FakePeer.response(FakePeer.listing(FILES, true));
            default -> null;
        }).servingRaw(FILES).on(Protocol.BUNDLE_PATH, bundles);
    }

    @ParameterizedTest
    @ValueSource(strings = {"no bundles", "not a bundle", "a line without end", "a file too large", "cut short", "more than asked",
            "other sizes", "a bad number"})
    void aBrokenBundleCostsOnlyTheBundle(String kind) throws Exception {
        byte[] good = bundle(FILES);
        try (FakePeer peer = member(exchange -> {
            switch (kind) {
                case "no bundles" -> answer(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                case "not a bundle" -> answer(exchange, 200, "text/plain", good);
                case "a line without end" -> answer(exchange, 200, Protocol.BUNDLE_TYPE, "1".repeat(1000).getBytes(StandardCharsets.US_ASCII));
                case "a file too large" -> answer(exchange, 200, Protocol.BUNDLE_TYPE, ((Protocol.MAX_BUNDLED_FILE + 1) + " -\n")
                        .getBytes(StandardCharsets.US_ASCII));
                case "cut short" -> answer(exchange, 200, Protocol.BUNDLE_TYPE, java.util.Arrays.copyOf(good, good.length - 100));
                case "more than asked" -> {
                    byte[] more = java.util.Arrays.copyOf(good, good.length + 1000);
                    answer(exchange, 200, Protocol.BUNDLE_TYPE, more);
                }
                case "other sizes" -> answer(exchange, 200, Protocol.BUNDLE_TYPE, bundle(Map.of("a", new byte[10], "b", new byte[10], "c", new byte[10])));
                case "a bad number" -> answer(exchange, 200, Protocol.BUNDLE_TYPE, "-5 -\n0x10 -\n".getBytes(StandardCharsets.US_ASCII));
                default -> throw new IllegalArgumentException(kind);
            }
        })) {
            Path into = Files.createDirectories(tmp.resolve("into"));
            // one download thread: the three files go in one bundle
            RunningProcess client = jar.client(into, "-v", "--parallel", "1", "pw", "client", peer.url(), ".bin");
            assertEquals(0, client.exitCode(END), client.transcript());
            Folders.assertSameFiles(FILES, into, client.transcript());
            String bundleAsked = kind.equals("other sizes") ? "bundle of 3 files from " + peer.url() + ": 0 came as listed"
                    : "asking " + peer.url() + " for 3 files at once failed after ";
            assertTrue(client.transcript().contains(bundleAsked), "the bundle was asked for and broken\n" + client.transcript());
        }
    }

    @Test
    void madeUpBytesInABundleGetNoNameAndComeFromAnotherPeer() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        FILES.forEach((name, bytes) -> Folders.write(shared, name, bytes));
        int port = FreePorts.next();
        jar.server(shared, "pw", port);
        Map<String, byte[]> forged = new TreeMap<>(FILES);
        forged.put("b.bin", Folders.random(5000, 99)); // the right size, other bytes
        byte[] lie = bundle(forged);
        try (FakePeer liar = new FakePeer("pw", (self, method) -> switch (method) {
            case "ping" -> FakePeer.response(FakePeer.strings(List.of(self, Tinyp2pJar.url(port))));
            case "list" -> FakePeer.response(FakePeer.listing(FILES, true));
            default -> null;
        }).servingRaw(FILES).on(Protocol.BUNDLE_PATH, exchange -> answer(exchange, 200, Protocol.BUNDLE_TYPE, lie))) {
            // its raw path serves the true bytes: only the bundle lies
            Path into = Files.createDirectories(tmp.resolve("into"));
            RunningProcess client = jar.client(into, "--parallel", "1", "pw", "client", liar.url(), ".bin");
            assertEquals(0, client.exitCode(END), client.transcript());
            Folders.assertSameFiles(FILES, into, client.transcript());
            assertTrue(client.stderr().contains("Discarded 'b.bin': its bytes from " + liar.url() + " did not match the listed SHA-256"),
                    client.transcript());
            assertFalse(client.stdout().contains("Fetched 'b.bin' (5000 bytes) from " + liar.url()), client.transcript());
        }
    }
}
