package org.tinyp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tinyp2p.testing.Folders.contents;
import static org.tinyp2p.testing.Folders.random;
import static org.tinyp2p.testing.Folders.write;

import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.files.HashCache;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.RemotePeer;
import org.tinyp2p.server.TinyServer;
import org.tinyp2p.testing.Cli;
import org.tinyp2p.testing.FakePeer;
import org.tinyp2p.testing.FreePorts;
import org.tinyp2p.testing.ServerFixture;

/** Integrity, resume, failover, load and liveness, with real servers in this JVM. */
class ReliabilityIT {
    static final String PASSWORD = "friends";

    @TempDir
    Path tmp;
    final ServerFixture servers = new ServerFixture();
    final List<AutoCloseable> closeLater = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        servers.close();
        for (AutoCloseable c : closeLater) {
            c.close();
        }
    }

    Path folder(String name) throws Exception {
        return Files.createDirectories(tmp.resolve(name));
    }

    Cli.Result client(Path into, String serverUrl, String... options) {
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("--dir", into.toString(), PASSWORD, "client", serverUrl, ""));
        return Cli.run(args.toArray(String[]::new));
    }

    String context(Cli.Result run) {
        return run.transcript() + "\n--- servers ---\n" + servers.log();
    }

    static String sha256(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(HashCache.newDigest().digest(bytes));
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersCostsTheRunSecondsNotTheDataPathsReadTimeout() throws Exception {
        byte[] payload = "hi".getBytes(StandardCharsets.UTF_8);
        // the kernel completes the TCP handshake for a socket that listens, and nothing ever reads or answers
        java.net.ServerSocket hung = new java.net.ServerSocket(0, 16, java.net.InetAddress.getLoopbackAddress());
        closeLater.add(hung);
        String hungUrl = "http://127.0.0.1:" + hung.getLocalPort();
        FakePeer member = new FakePeer(PASSWORD, (self, method) -> switch (method) {
            case "ping" -> FakePeer.response(FakePeer.strings(List.of(self, hungUrl)));
            case "list" -> FakePeer.response(FakePeer.listing(Map.of("a.txt", 2L), sha256(payload)));
            case "fetch" -> FakePeer.response(FakePeer.chunk(payload, 2));
            default -> null;
        });
        closeLater.add(member);
        Path into = folder("into");
        long began = System.nanoTime();
        Cli.Result run = client(into, member.url());
        java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - began);
        assertEquals(Set.of("a.txt"), contents(into).keySet(), context(run));
        assertTrue(run.err().contains("Skipping peer: " + hungUrl + " is unreachable: timed out"), context(run));
        // asking has limits of its own (4 s to wait for an answer), far below the data path's read timeout of 20 s
        assertTrue(took.compareTo(org.tinyp2p.protocol.Timeouts.DEFAULT.read()) < 0, "took " + took + "\n" + context(run));
    }

    @Test
    void aPeerServingCorruptBytesIsCaughtAndAnotherPeerUsed() throws Exception {
        byte[] good = random(100_000, 1);
        byte[] bad = good.clone();
        bad[5000] ^= 1;
        Path a = folder("a");
        write(a, "data.bin", good);
        TinyServer honest = servers.start(a, PASSWORD, null);
        FakePeer liar = new FakePeer(PASSWORD, (self, method) -> switch (method) {
            case "ping" -> FakePeer.response(FakePeer.strings(List.of(self, honest.url().toString())));
            case "list" -> FakePeer.response(FakePeer.listing("data.bin", good.length, sha256(good), false));
            case "fetch" -> FakePeer.response(FakePeer.chunk(bad, good.length));
            default -> null;
        });
        closeLater.add(liar);

        Path into = folder("into");
        Cli.Result run = client(into, liar.url(), "--parallel", "1");
        assertEquals(0, run.exitCode(), context(run));
        assertArrayEquals(good, Files.readAllBytes(into.resolve("data.bin")), context(run));
        assertTrue(run.err().contains("did not match the listed SHA-256; fetching it again from another peer"), context(run));
        assertEquals(Set.of("data.bin"), contents(into).keySet(), "no temporary file left\n" + context(run));
    }

    @Test
    void corruptBytesFromTheOnlyPeerAreNeverRenamedIntoPlace() throws Exception {
        byte[] good = random(1000, 2);
        FakePeer liar = new FakePeer(PASSWORD, (self, method) -> switch (method) {
            case "ping" -> FakePeer.response(FakePeer.strings(List.of(self)));
            case "list" -> FakePeer.response(FakePeer.listing("data.bin", good.length, sha256(good), false));
            case "fetch" -> FakePeer.response(FakePeer.chunk(new byte[1000], good.length));
            default -> null;
        });
        closeLater.add(liar);
        Path into = folder("into");
        Cli.Result run = client(into, liar.url());
        assertEquals(1, run.exitCode(), context(run));
        assertEquals(Set.of(), contents(into).keySet(), context(run));
        assertTrue(run.err().contains("failed: 'data.bin': its bytes from " + liar.url() + " did not match"), context(run));
    }

    @Test
    void aPeerThatDiesMidFileIsReplacedByAnotherHoldingTheSameBytes() throws Exception {
        byte[] good = random(3_000_000, 3);
        Path a = folder("a");
        write(a, "movie.bin", good);
        TinyServer honest = servers.start(a, PASSWORD, null);
        FakePeer dying = new FakePeer(PASSWORD, (self, method) -> switch (method) {
            case "ping" -> FakePeer.response(FakePeer.strings(List.of(self, honest.url().toString())));
            case "list" -> FakePeer.response(FakePeer.listing("movie.bin", good.length, sha256(good), true));
            default -> null;
        }).onGet(exchange -> {
            // promises the whole rest of the file, sends a third of it, and goes away
            exchange.getResponseHeaders().set("Content-Range", "bytes 0-" + (good.length - 1) + "/" + good.length);
            exchange.sendResponseHeaders(206, good.length);
            exchange.getResponseBody().write(good, 0, good.length / 3);
            exchange.getResponseBody().flush();
            exchange.close();
        });
        closeLater.add(dying);

        Path into = folder("into");
        Cli.Result run = client(into, dying.url());
        assertEquals(0, run.exitCode(), context(run));
        assertArrayEquals(good, Files.readAllBytes(into.resolve("movie.bin")));
        assertTrue(run.err().contains("carrying on from another peer at byte " + good.length / 3), context(run));
        assertTrue(run.out().contains("Fetched 'movie.bin' (3000000 bytes) from " + dying.url() + " and " + honest.url()), context(run));
    }

    /** A file large enough to be fetched as ranges when several peers hold it. */
    static final int RANGED = 20 * 1024 * 1024 + 12345;

    @Test
    void aLargeFileHeldBySeveralPeersComesAsRangesFromAllOfThem() throws Exception {
        byte[] good = random(RANGED, 11);
        TinyServer first = null;
        List<String> urls = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            Path dir = folder(name);
            write(dir, "big.bin", good);
            TinyServer server = servers.start(dir, PASSWORD, first == null ? null : first.url());
            first = first == null ? server : first;
            urls.add(server.url().toString());
        }
        Path into = folder("into");
        Cli.Result run = client(into, first.url().toString());
        assertEquals(0, run.exitCode(), context(run));
        assertArrayEquals(good, Files.readAllBytes(into.resolve("big.bin")), context(run));
        String fetched = run.out().lines().filter(l -> l.startsWith("Fetched 'big.bin'")).findFirst().orElse("");
        for (String url : urls) {
            assertTrue(fetched.contains(url), "every holder sent ranges\n" + context(run));
        }
        assertEquals(Set.of("big.bin"), contents(into).keySet(), context(run));
    }

    @Test
    void rangesFromSeveralPeersResumeFromTheBytesAlreadyHere() throws Exception {
        byte[] good = random(RANGED + 3_000_000, 14);
        TinyServer first = null;
        for (String name : List.of("a", "b")) {
            Path dir = folder(name);
            write(dir, "big.bin", good);
            TinyServer server = servers.start(dir, PASSWORD, first == null ? null : first.url());
            first = first == null ? server : first;
        }
        Path into = folder("into");
        write(into, ".tinyp2p-" + sha256(good) + ".part", java.util.Arrays.copyOf(good, 3_000_001)); // not on a range boundary
        Cli.Result run = client(into, first.url().toString());
        assertEquals(0, run.exitCode(), context(run));
        assertArrayEquals(good, Files.readAllBytes(into.resolve("big.bin")), context(run));
        assertTrue(run.out().contains("(resumed at byte 3000001)"), context(run));
        assertTrue(run.out().contains(" and "), "both peers sent ranges\n" + context(run));
        assertEquals(Set.of("big.bin"), contents(into).keySet(), context(run));
    }

    /** A peer listing {@code good} as big.bin, beside an honest server holding it, whose raw path answers each range with {@code answer}. */
    FakePeer rangePeer(byte[] good, RangeAnswer answer) throws Exception {
        Path a = folder("a");
        write(a, "big.bin", good);
        TinyServer honest = servers.start(a, PASSWORD, null);
        FakePeer peer = new FakePeer(PASSWORD, (self, method) -> switch (method) {
            case "ping" -> FakePeer.response(FakePeer.strings(List.of(self, honest.url().toString())));
            case "list" -> FakePeer.response(FakePeer.listing("big.bin", good.length, sha256(good), true));
            default -> null;
        }).onGet(exchange -> {
            try (exchange) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("bytes=(\\d+)-(\\d+)").matcher(exchange.getRequestHeaders().getFirst("Range"));
                assertTrue(m.matches(), "ranges have both ends");
                int from = Integer.parseInt(m.group(1));
                int to = Integer.parseInt(m.group(2));
                exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + good.length);
                exchange.sendResponseHeaders(206, to - from + 1);
                answer.send(exchange.getResponseBody(), from, to - from + 1);
            }
        });
        closeLater.add(peer);
        return peer;
    }

    interface RangeAnswer {
        void send(OutputStream out, int from, int length) throws java.io.IOException;
    }

    @Test
    void aPeerFailingMidRangeHandsItsPieceBackAndTheOthersFinish() throws Exception {
        byte[] good = random(RANGED, 12);
        FakePeer dying = rangePeer(good, (out, from, length) -> out.write(good, from, length / 2)); // then hangs up

        Path into = folder("into");
        Cli.Result run = client(into, dying.url());
        assertEquals(0, run.exitCode(), context(run));
        assertArrayEquals(good, Files.readAllBytes(into.resolve("big.bin")), context(run));
        assertTrue(run.err().contains("Could not fetch a piece of 'big.bin' from " + dying.url()), context(run));
        assertTrue(run.err().contains("the other peers carry on"), context(run));
        assertEquals(Set.of("big.bin"), contents(into).keySet(), context(run));
    }

    @Test
    void aPeerTricklingItsRangesIsOvertakenAndDoesNotHoldTheFileBack() throws Exception {
        byte[] good = random(RANGED, 15);
        FakePeer slow = rangePeer(good, (out, from, length) -> {
            for (int at = from; at < from + length; at += 4096) { // 160 KiB/s: over the trickle limit, far under loopback
                out.write(good, at, Math.min(4096, from + length - at));
                out.flush();
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
        });

        Path into = folder("into");
        Cli.Result run = client(into, slow.url());
        assertEquals(0, run.exitCode(), context(run));
        assertArrayEquals(good, Files.readAllBytes(into.resolve("big.bin")), context(run));
        assertTrue(run.err().contains("Could not fetch a piece of 'big.bin' from " + slow.url() + ": too slow beside the other peers; "),
                context(run));
    }

    @Test
    void aPeerThatStallsMidRangeDoesNotHoldTheFileForItsReadTimeout() throws Exception {
        byte[] good = random(RANGED, 16);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        closeLater.add(release::countDown);
        FakePeer stalled = rangePeer(good, (out, from, length) -> {
            out.write(good, from, 1000);
            out.flush();
            try {
                release.await(); // sends nothing more until the test ends
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        });

        Path into = folder("into");
        long started = System.nanoTime();
        Cli.Result run = client(into, stalled.url());
        java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - started);
        assertEquals(0, run.exitCode(), context(run));
        assertArrayEquals(good, Files.readAllBytes(into.resolve("big.bin")), context(run));
        // not a speed figure: without the takeover the file waits for the stalled read to time out
        assertTrue(took.compareTo(org.tinyp2p.protocol.Timeouts.DEFAULT.read()) < 0, "took " + took + "\n" + context(run));
        assertTrue(run.err().contains("from " + stalled.url() + ": too slow beside the other peers"), context(run));
    }

    @Test
    void whenEveryPeerFailsItsRangesTheFailureSaysWhy() throws Exception {
        byte[] good = random(RANGED, 17);
        List<FakePeer> peers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            FakePeer peer = new FakePeer(PASSWORD, (self, method) -> switch (method) {
                case "ping" -> FakePeer.response(FakePeer.strings(peers.stream().map(FakePeer::url).toList()));
                case "list" -> FakePeer.response(FakePeer.listing("big.bin", good.length, sha256(good), true));
                default -> null;
            }).onGet(exchange -> {
                try (exchange) {
                    exchange.sendResponseHeaders(206, 1000);
                    exchange.getResponseBody().write(good, 0, 10); // and hangs up
                }
            });
            closeLater.add(peer);
            peers.add(peer);
        }
        Path into = folder("into");
        Cli.Result run = client(into, peers.get(0).url());
        assertEquals(1, run.exitCode(), context(run));
        assertTrue(run.err().contains("failed: 'big.bin': "), context(run));
        assertFalse(run.err().contains("no peer has it"), context(run));
        assertTrue(run.err().contains("bytes of a range of big.bin"), context(run));
        assertEquals(Set.of(), contents(into).keySet(), "nothing under the name, no empty part file\n" + context(run));
    }

    @Test
    void corruptRangesFromOnePeerAreCaughtAndTheFileRefetchedOnePeerAtATime() throws Exception {
        byte[] good = random(RANGED, 13);
        FakePeer liar = rangePeer(good, (out, from, length) -> {
            byte[] piece = java.util.Arrays.copyOfRange(good, from, from + length);
            piece[length / 2] ^= 1;
            out.write(piece);
        });

        Path into = folder("into");
        Cli.Result run = client(into, liar.url());
        assertEquals(0, run.exitCode(), context(run));
        assertArrayEquals(good, Files.readAllBytes(into.resolve("big.bin")), context(run));
        assertTrue(run.err().contains("did not match the listed SHA-256; fetching it again from one peer at a time"), context(run));
        assertEquals(Set.of("big.bin"), contents(into).keySet(), context(run));
    }

    @Test
    void anInterruptedDownloadResumesFromTheBytesAlreadyHere() throws Exception {
        byte[] good = random(5_000_000, 4);
        Path a = folder("a");
        write(a, "big.bin", good);
        TinyServer server = servers.start(a, PASSWORD, null);
        Path into = folder("into");
        // what a killed run leaves: the first 2,000,000 bytes under the hash's temporary name
        write(into, ".tinyp2p-" + sha256(good) + ".part", java.util.Arrays.copyOf(good, 2_000_000));
        Cli.Result run = client(into, server.url().toString());
        assertEquals(0, run.exitCode(), context(run));
        assertArrayEquals(good, Files.readAllBytes(into.resolve("big.bin")));
        assertTrue(run.out().contains("(resumed at byte 2000000)"), context(run));
        assertTrue(run.out().contains("1 file, 3000000 bytes"), "only the missing bytes moved\n" + context(run));
        assertEquals(Set.of("big.bin"), contents(into).keySet());
    }

    @Test
    void leftoverBytesOfAnotherVersionAreNeverGraftedOn() throws Exception {
        byte[] now = random(100_000, 5);
        Path a = folder("a");
        write(a, "doc.bin", now);
        TinyServer server = servers.start(a, PASSWORD, null);
        Path into = folder("into");
        byte[] old = random(100_000, 6);
        write(into, ".tinyp2p-" + sha256(old) + ".part", java.util.Arrays.copyOf(old, 50_000));
        Cli.Result run = client(into, server.url().toString());
        assertEquals(0, run.exitCode(), context(run));
        assertArrayEquals(now, Files.readAllBytes(into.resolve("doc.bin")));
        assertFalse(run.out().contains("resumed"), context(run));
    }

    @Test
    void eightClientsAtOnceAllGetEverything() throws Exception {
        Path a = folder("a");
        List<byte[]> files = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            files.add(random(300_000 + i, 10 + i));
            write(a, "f" + i + ".bin", files.get(i));
        }
        TinyServer server = servers.start(a, PASSWORD, null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Cli.Result>> runs = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                Path into = folder("client" + c);
                String mode = c % 2 == 0 ? "--no-raw" : "--parallel=4";
                runs.add(pool.submit(() -> client(into, server.url().toString(), mode)));
            }
            for (int c = 0; c < 8; c++) {
                Cli.Result run = runs.get(c).get();
                assertEquals(0, run.exitCode(), context(run));
                for (int i = 0; i < files.size(); i++) {
                    assertArrayEquals(files.get(i), Files.readAllBytes(tmp.resolve("client" + c).resolve("f" + i + ".bin")));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void filesOverTwoGibibytesMove() throws Exception {
        Path a = folder("a");
        long size = 2_684_354_560L; // 2.5 GiB, sparse
        byte[] tail = "the end".getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile file = new RandomAccessFile(a.resolve("huge.img").toFile(), "rw")) {
            file.setLength(size);
            file.seek(size - tail.length);
            file.write(tail);
            file.seek(2_500_000_000L); // a byte past 2^31, out of XML-RPC's int range
            file.write(42);
        }
        TinyServer server = servers.start(a, PASSWORD, null);
        RemotePeer peer = ServerFixture.dialer(PASSWORD).peer(server.url());
        RemotePeer.Chunk chunk = peer.fetch("huge.img", 2_500_000_000L);
        assertEquals(size, chunk.fileSize());
        assertEquals(42, chunk.data().toArray()[0], "XML-RPC fetch at an offset beyond 2^31");

        Path into = folder("into");
        Cli.Result run = client(into, server.url().toString());
        assertEquals(0, run.exitCode(), context(run));
        Path got = into.resolve("huge.img");
        assertEquals(size, Files.size(got));
        try (RandomAccessFile file = new RandomAccessFile(got.toFile(), "r")) {
            file.seek(size - tail.length);
            byte[] end = new byte[tail.length];
            file.readFully(end);
            assertArrayEquals(tail, end);
            file.seek(2_500_000_000L);
            assertEquals(42, file.read());
        }
    }

    @Test
    void aFloodOfIdleAndSlowConnectionsDoesNotLockOutARealClient() throws Exception {
        Path a = folder("a");
        byte[] data = random(2_000_000, 7);
        write(a, "x.bin", data);
        TinyServer server = servers.start(a, PASSWORD, null);
        List<Socket> flood = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), server.url().port());
                if (i % 5 == 0) { // a fifth start a request and never finish its headers
                    OutputStream out = socket.getOutputStream();
                    out.write("POST / HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                flood.add(socket);
            }
            Path into = folder("into");
            Cli.Result run = client(into, server.url().toString());
            assertEquals(0, run.exitCode(), context(run));
            assertArrayEquals(data, Files.readAllBytes(into.resolve("x.bin")));
        } finally {
            for (Socket socket : flood) {
                socket.close();
            }
        }
    }

    @Test
    void livenessDropsADeadPeerTakesBackARestartedOneAndJoinsTwoHalves() throws Exception {
        int portC = FreePorts.next();
        PeerUrl c = PeerUrl.of("127.0.0.1", portC);
        // A and B both name C, which is not running yet: two halves that have never met
        TinyServer serverA = servers.start(folder("a"), PASSWORD, c);
        TinyServer serverB = servers.start(folder("b"), PASSWORD, c);
        assertFalse(serverA.peers().contains(serverB.url()));

        TinyServer serverC = startOn(portC, folder("c"));
        serverA.pingPeersNow(); // C learns of A, and calls it back: A proves membership
        serverB.pingPeersNow(); // the same for B
        awaitLive(serverC, Set.of(serverA.url(), serverB.url(), c));
        serverA.pingPeersNow(); // a round: A hears of B from C, calls it, and B hears of A
        serverB.pingPeersNow();
        for (TinyServer s : List.of(serverA, serverB, serverC)) {
            // learned addresses are handed out once they proved membership, which each server checks at once
            awaitLive(s, Set.of(serverA.url(), serverB.url(), c));
        }

        serverC.close();
        for (int round = 0; round < 3; round++) {
            serverA.pingPeersNow();
        }
        assertFalse(serverA.peers().live().contains(c), "dropped after 3 missed rounds\n" + servers.log());
        assertTrue(servers.log().contains("info: Peer dropped: " + c), servers.log());

        startOn(portC, folder("c2"));
        serverA.pingPeersNow();
        assertTrue(serverA.peers().live().contains(c), "taken back when it answers\n" + servers.log());
        assertTrue(servers.log().contains("info: Peer back: " + c), servers.log());
    }

    private void awaitLive(TinyServer server, Set<PeerUrl> expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Set.copyOf(server.peers().live()).equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, Set.copyOf(server.peers().live()), servers.log());
    }

    private TinyServer startOn(int port, Path folder) throws Exception {
        org.tinyp2p.server.ServerConfig config = new org.tinyp2p.server.ServerConfig("127.0.0.1", port,
                org.tinyp2p.files.SharedFolder.open(folder), java.util.Optional.empty(), PASSWORD.toCharArray(), false,
                ServerFixture.dialer(PASSWORD), java.time.Duration.ZERO);
        TinyServer server = TinyServer.start(config, servers.report());
        closeLater.add(server);
        return server;
    }
}
