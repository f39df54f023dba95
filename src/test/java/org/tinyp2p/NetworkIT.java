package org.tinyp2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.Protocol;
import org.tinyp2p.server.TinyServer;
import org.tinyp2p.testing.Cli;
import org.tinyp2p.testing.FakePeer;
import org.tinyp2p.testing.FreePorts;
import org.tinyp2p.testing.ServerFixture;

import static org.tinyp2p.testing.Folders.assertSameFiles;
import static org.tinyp2p.testing.Folders.contents;
import static org.tinyp2p.testing.Folders.random;
import static org.tinyp2p.testing.Folders.write;

/** Whole networks of real servers in this JVM, with clients run through the command line. */
class NetworkIT {
    static final String PASSWORD = "friends";

    @TempDir
    Path tmp;
    final ServerFixture servers = new ServerFixture();

    @AfterEach
    void stopServers() {
        servers.close();
    }

    Path folder(String name) throws Exception {
        return Files.createDirectories(tmp.resolve(name));
    }

    Cli.Result client(Path into, String serverUrl, String pattern, String... options) {
        String[] args = new String[options.length + 5];
        System.arraycopy(options, 0, args, 0, options.length);
        System.arraycopy(new String[] {"--dir", into.toString(), PASSWORD, "client", serverUrl}, 0, args, options.length, 5);
        String[] withPattern = java.util.Arrays.copyOf(args, args.length + 1);
        withPattern[args.length] = pattern;
        return Cli.run(withPattern);
    }

    String context(Cli.Result result) {
        return result.transcript() + "\n--- servers ---\n" + servers.log();
    }

    @Test
    void threeChainedServersShareEveryFileByteForByteFromEitherEnd() throws Exception {
        Map<String, byte[]> all = new TreeMap<>();
        Path a = folder("a");
        Path b = folder("b");
        Path c = folder("c");
        all.put("big.bin", random(Protocol.MAX_CHUNK * 2 + 12345, 1)); // several fetch calls
        all.put("empty", new byte[0]);
        all.put("crlf.txt", "one\r\ntwo\rthree\n".getBytes(StandardCharsets.UTF_8));
        all.put("photo 😀 été 日本.jpg", random(5000, 2));
        all.put("every byte", everyByte());
        write(a, "big.bin", all.get("big.bin"));
        write(a, "empty", all.get("empty"));
        write(b, "crlf.txt", all.get("crlf.txt"));
        write(c, "photo 😀 été 日本.jpg", all.get("photo 😀 été 日本.jpg"));
        write(c, "every byte", all.get("every byte"));

        TinyServer first = servers.start(a, PASSWORD, null);
        TinyServer second = servers.start(b, PASSWORD, first.url());
        TinyServer third = servers.start(c, PASSWORD, second.url());
        for (TinyServer s : List.of(first, second, third)) {
            assertEquals(Set.of(first.url(), second.url(), third.url()), Set.copyOf(s.peers().snapshot()), "every server knows all\n" + servers.log());
        }

        Path fromFirst = folder("from-first");
        Cli.Result run = client(fromFirst, first.url().toString(), "");
        assertEquals(0, run.exitCode(), context(run));
        assertSameFiles(all, fromFirst, context(run));
        assertTrue(run.out().contains("Fetched 'big.bin' (" + all.get("big.bin").length + " bytes) from " + first.url()), context(run));
        assertTrue(run.out().contains("Done: 5 files"), context(run));

        Path fromLast = folder("from-last");
        run = client(fromLast, third.url().toString(), "");
        assertEquals(0, run.exitCode(), context(run));
        assertSameFiles(all, fromLast, context(run));
    }

    @Test
    void aLoneServerServesItsOwnFiles() throws Exception {
        Path a = folder("a");
        write(a, "only.txt", "alone".getBytes(StandardCharsets.UTF_8));
        TinyServer lone = servers.start(a, PASSWORD, null);
        Path into = folder("into");
        Cli.Result run = client(into, "http://localhost:" + lone.url().port(), "only");
        assertEquals(0, run.exitCode(), context(run));
        assertEquals("alone", Files.readString(into.resolve("only.txt")), "localhost works as well as 127.0.0.1");
    }

    @Test
    void thePatternIsASubstringUnlessRegexIsAsked() throws Exception {
        Path a = folder("a");
        for (String name : List.of("a.txt", "abtxt", "xabt")) {
            write(a, name, name.getBytes(StandardCharsets.UTF_8));
        }
        TinyServer server = servers.start(a, PASSWORD, null);
        Path plain = folder("plain");
        Cli.Result run = client(plain, server.url().toString(), "a.t");
        assertEquals(0, run.exitCode(), context(run));
        assertEquals(Set.of("a.txt"), contents(plain).keySet());

        Path regex = folder("regex");
        run = client(regex, server.url().toString(), "a.t$", "--regex");
        assertEquals(0, run.exitCode(), context(run));
        assertEquals(Set.of("xabt"), contents(regex).keySet());
    }

    @Test
    void aFileAlreadyHereIsLeftUntouched() throws Exception {
        Path a = folder("a");
        write(a, "same.txt", "theirs".getBytes(StandardCharsets.UTF_8));
        write(a, "new.txt", "new".getBytes(StandardCharsets.UTF_8));
        TinyServer server = servers.start(a, PASSWORD, null);
        Path into = folder("into");
        write(into, "same.txt", "mine".getBytes(StandardCharsets.UTF_8));
        Cli.Result run = client(into, server.url().toString(), "");
        assertEquals(0, run.exitCode(), context(run));
        assertEquals("mine", Files.readString(into.resolve("same.txt")));
        assertEquals("new", Files.readString(into.resolve("new.txt")));
        assertTrue(run.out().contains("1 already here"), context(run));
    }

    @Test
    void aWrongPasswordIsRefusedForClientsAndJoiningServers() throws Exception {
        TinyServer server = servers.start(folder("a"), PASSWORD, null);
        Path into = folder("into");
        Cli.Result run = Cli.run("--dir", into.toString(), "not-" + PASSWORD, "client", server.url().toString(), "");
        assertEquals(1, run.exitCode(), run.transcript());
        assertEquals("tinyp2p: " + server.url() + " refused the password\n", run.err(), run.transcript());

        PeerException refused = assertThrows(PeerException.class, () -> servers.start(folder("b"), "not-" + PASSWORD, server.url()));
        assertEquals(PeerException.Kind.PASSWORD_REFUSED, refused.kind());
        assertEquals(1, server.peers().size(), "the refused server was not added");
    }

    @Test
    void aDeadPeerInTheMiddleIsSkippedWithAWarning() throws Exception {
        Path a = folder("a");
        Path b = folder("b");
        Path c = folder("c");
        write(a, "a.txt", "A".getBytes(StandardCharsets.UTF_8));
        write(b, "b.txt", "B".getBytes(StandardCharsets.UTF_8));
        write(c, "c.txt", "C".getBytes(StandardCharsets.UTF_8));
        TinyServer first = servers.start(a, PASSWORD, null);
        TinyServer middle = servers.start(b, PASSWORD, first.url());
        TinyServer last = servers.start(c, PASSWORD, middle.url());
        servers.awaitLive(first, last.url());
        middle.close();

        Path into = folder("into");
        Cli.Result run = client(into, first.url().toString(), "");
        assertEquals(0, run.exitCode(), context(run));
        assertEquals(Set.of("a.txt", "c.txt"), contents(into).keySet());
        assertTrue(run.err().contains("warning: Skipping peer: " + middle.url() + " is unreachable: connection refused"), context(run));
        assertTrue(run.out().contains("2 peers reached, 1 unreachable"), context(run));
    }

    @Test
    void aServerWhoseSeedIsDownRunsAndAClientReachesOthersOnlyThroughTheGraph() throws Exception {
        Path a = folder("a");
        Path c = folder("c");
        write(a, "far.txt", "far away".getBytes(StandardCharsets.UTF_8));
        write(c, "near.txt", "near".getBytes(StandardCharsets.UTF_8));
        PeerUrl notYetRunning = PeerUrl.of("127.0.0.1", FreePorts.next());

        TinyServer third = servers.start(c, PASSWORD, notYetRunning); // its seed is down: a warning, and it runs
        assertTrue(servers.log().contains("warn: Seed " + notYetRunning + " is unreachable"), servers.log());
        assertTrue(third.peers().contains(notYetRunning), "the seed is kept in the list");

        TinyServer first = servers.start(a, PASSWORD, null);
        // the seed now comes up, joining the first; nobody has told the first about the third
        TinyServer second = startOn(notYetRunning.port(), folder("b"), first.url());
        assertFalse(first.peers().contains(third.url()));
        third.pingPeersNow(); // its liveness round reaches the seed, which now proves membership and is handed out

        Path into = folder("into");
        Cli.Result run = client(into, third.url().toString(), "");
        assertEquals(0, run.exitCode(), context(run));
        assertEquals("far away", Files.readString(into.resolve("far.txt")), "reached only through " + second.url());
        assertEquals("near", Files.readString(into.resolve("near.txt")));
    }

    private TinyServer startOn(int port, Path folder, PeerUrl seed) throws Exception {
        org.tinyp2p.server.ServerConfig config = new org.tinyp2p.server.ServerConfig("127.0.0.1", port,
                org.tinyp2p.files.SharedFolder.open(folder), java.util.Optional.of(seed), PASSWORD.toCharArray(), false,
                ServerFixture.dialer(PASSWORD), java.time.Duration.ZERO);
        TinyServer server = TinyServer.start(config, servers.report());
        server.join();
        closeLater.add(server);
        return server;
    }

    final List<TinyServer> closeLater = new java.util.ArrayList<>();

    @AfterEach
    void stopExtra() {
        closeLater.forEach(TinyServer::close);
    }

    @Test
    void aHostilePeersNamesNeverWriteOutsideTheFolder() throws Exception {
        List<String> bad = List.of("../x", "/tmp/x", "a/../../x", "..", ".", ".bashrc", "a\\b", "tab\there", "a//b", "sub/", "./x",
                "x/.", "sub/.hidden", ".git/config", "sub/..", "d/".repeat(64) + "x", ("p".repeat(200) + "/").repeat(21) + "q");
        Map<String, Long> names = new LinkedHashMap<>();
        bad.forEach(name -> names.put(name, 2L));
        names.put("ok.txt", 2L);
        names.put("sub/deeper/ok.txt", 2L);
        byte[] payload = "hi".getBytes(StandardCharsets.UTF_8);
        try (FakePeer hostile = new FakePeer(PASSWORD, (self, method) -> switch (method) {
            case "ping" -> FakePeer.response(FakePeer.strings(List.of(self, "file:///etc/passwd", "http://evil:1/path", "junk")));
            case "list" -> FakePeer.response(FakePeer.listing(names, ReliabilityIT.sha256(payload)));
            case "fetch" -> FakePeer.response(FakePeer.chunk(payload, 2));
            default -> null;
        })) {
            Path root = folder("root");
            Path into = Files.createDirectories(root.resolve("into"));
            Cli.Result run = client(into, hostile.url(), "");
            assertEquals(0, run.exitCode(), context(run));
            assertEquals(Set.of("ok.txt", "sub", "sub/deeper", "sub/deeper/ok.txt"), org.tinyp2p.testing.Folders.tree(into).keySet(),
                    "the good names arrive, at their depth\n" + context(run));
            assertEquals(Set.of("into"), contents(root).keySet(), "nothing beside the folder\n" + context(run));
            assertFalse(Files.exists(Path.of("/tmp/x")));
            assertTrue(run.err().contains("Refusing unsafe name '../x'"), context(run));
            assertTrue(run.err().contains("Refusing unsafe name 'a/../../x' from " + hostile.url() + ": leads out of the folder (..)"), context(run));
            assertEquals(bad.size(), run.err().lines().filter(l -> l.contains("Refusing unsafe name")).count(), "one line each\n" + context(run));
            assertTrue(run.out().contains(bad.size() + " unsafe names refused"), context(run));
            assertEquals(1, hostile.calls().stream().filter("fetch"::equals).count(), "the bytes were fetched once, the second name a copy");
        }
    }

    @Test
    void aMemberListingHugeValidNamesPageAfterPageIsSkippedNotFollowedOutOfMemory() throws Exception {
        java.util.concurrent.atomic.AtomicInteger page = new java.util.concurrent.atomic.AtomicInteger();
        String component = "n".repeat(240);
        try (FakePeer hostile = new FakePeer(PASSWORD, (self, method) -> {
            if ("ping".equals(method)) {
                return FakePeer.response(FakePeer.strings(List.of(self)));
            }
            if (!"list".equals(method)) {
                return null;
            }
            int p = page.getAndIncrement(); // names of 3.7 KB, valid at every component, and "more" for ever
            StringBuilder xml = new StringBuilder("<value><array><data>");
            for (int i = 0; i < 1_900; i++) {
                String name = String.format("p%05d/%05d/", p, i) + (component + "/").repeat(14) + "f";
                xml.append("<value><struct><member><name>name</name><value>").append(name)
                        .append("</value></member><member><name>size</name><value>1</value></member></struct></value>");
            }
            return FakePeer.response(xml.append("<value><struct><member><name>more</name><value><boolean>1</boolean></value></member></struct></value>")
                    .append("</data></array></value>").toString());
        })) {
            Path into = folder("into");
            Cli.Result run = client(into, hostile.url(), "", "--dry-run");
            assertTrue(run.err().contains("Skipping peer: " + hostile.url() + " answered badly: its listing's names pass 16000000 characters")
                    || run.err().contains("its listing's names pass 16000000 characters"), context(run));
            assertTrue(page.get() <= 6, "it stopped after a few pages, not 1,000: " + page.get());
        }
    }

    @Test
    void aLinkPlantedInTheClientsFolderIsNotWrittenThrough() throws Exception {
        byte[] payload = "hi".getBytes(StandardCharsets.UTF_8);
        Map<String, Long> names = new LinkedHashMap<>();
        names.put("sub/passwd", 2L);
        names.put("other/ok.txt", 2L);
        try (FakePeer member = new FakePeer(PASSWORD, (self, method) -> switch (method) {
            case "ping" -> FakePeer.response(FakePeer.strings(List.of(self)));
            case "list" -> FakePeer.response(FakePeer.listing(names, ReliabilityIT.sha256(payload)));
            case "fetch" -> FakePeer.response(FakePeer.chunk(payload, 2));
            default -> null;
        })) {
            Path outside = folder("outside");
            Path into = folder("into");
            Files.createSymbolicLink(into.resolve("sub"), outside);
            Cli.Result run = client(into, member.url(), "");
            assertEquals(1, run.exitCode(), "a file that could not be written: a failed run\n" + context(run));
            assertEquals(Set.of(), contents(outside).keySet(), "nothing written through the link\n" + context(run));
            assertEquals("hi", Files.readString(into.resolve("other/ok.txt")), context(run));
            assertTrue(run.err().contains("tinyp2p: failed: 'sub/passwd': 'sub' in the folder is a link, and nothing is written through a link"),
                    context(run));
        }
    }

    @Test
    void aPeerAnsweringAByteACallIsDroppedNotFollowedByteByByte() throws Exception {
        byte[] payload = "x".repeat(100).getBytes(StandardCharsets.UTF_8);
        try (FakePeer dribbler = new FakePeer(PASSWORD, (self, method) -> switch (method) {
            case "ping" -> FakePeer.response(FakePeer.strings(List.of(self)));
            case "list" -> FakePeer.response(FakePeer.listing(Map.of("slow.txt", 100L), ReliabilityIT.sha256(payload)));
            case "fetch" -> FakePeer.response(FakePeer.chunk(new byte[] {'x'}, 100)); // one byte, whatever is asked
            default -> null;
        })) {
            Path into = folder("into");
            Cli.Result run = client(into, dribbler.url(), "", "--no-raw");
            assertEquals(1, run.exitCode(), context(run));
            assertTrue(run.err().contains("sends the chunks of slow.txt shorter than asked"), context(run));
            long calls = dribbler.calls().stream().filter("fetch"::equals).count();
            assertTrue(calls < 40, "gave up after a few short chunks, not 100 calls: " + calls);
        }
    }

    @Test
    void aPeerThatLiesAboutSizesLeavesNoFileBehind() throws Exception {
        try (FakePeer liar = new FakePeer(PASSWORD, (self, method) -> switch (method) {
            case "ping" -> FakePeer.response(FakePeer.strings(List.of(self)));
            case "list" -> FakePeer.response(FakePeer.listing(Map.of("grows.bin", 10L), ReliabilityIT.sha256(new byte[10])));
            case "fetch" -> FakePeer.response(FakePeer.chunk(new byte[4], 20)); // the size changed under us
            default -> null;
        })) {
            Path into = folder("into");
            Cli.Result run = client(into, liar.url(), "");
            assertEquals(1, run.exitCode(), context(run));
            assertEquals(Set.of(), contents(into).keySet(), "no file, not even a temporary one\n" + context(run));
            assertTrue(run.err().contains("tinyp2p: failed: 'grows.bin': " + liar.url() + " sent an invalid answer: grows.bin changed on the server"), context(run));
        }
    }

    @Test
    void aFileIsFetchedFromAnotherPeerWhenTheFirstFails() throws Exception {
        Path a = folder("a");
        write(a, "shared.txt", "good".getBytes(StandardCharsets.UTF_8));
        TinyServer good = servers.start(a, PASSWORD, null);
        try (FakePeer broken = new FakePeer(PASSWORD, (self, method) -> switch (method) {
            case "ping" -> FakePeer.response(FakePeer.strings(List.of(self, good.url().toString())));
            case "list" -> FakePeer.response(FakePeer.listing(Map.of("shared.txt", 4L)));
            case "fetch" -> FakePeer.fault(404, "no such file");
            default -> null;
        })) {
            Path into = folder("into");
            Cli.Result run = client(into, broken.url(), "");
            assertEquals(0, run.exitCode(), context(run));
            assertEquals("good", Files.readString(into.resolve("shared.txt")));
        }
    }

    @Test
    void anUnreachableServerUrlFailsWithOneLine() throws Exception {
        String dead = "http://127.0.0.1:" + FreePorts.next();
        Cli.Result run = client(folder("into"), dead, "");
        assertEquals(1, run.exitCode(), run.transcript());
        assertEquals("tinyp2p: " + dead + " is unreachable: connection refused\n", run.err());
    }

    private static byte[] everyByte() {
        byte[] bytes = new byte[512];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    static Set<String> names(Path dir) {
        return contents(dir).keySet().stream().collect(Collectors.toSet());
    }

    @Test
    void aPeerNamingManyDeadPeersCostsOneRoundOfTimeoutsNotOneEach() throws Exception {
        Path a = folder("a");
        write(a, "real.txt", "real".getBytes(StandardCharsets.UTF_8));
        TinyServer server = servers.start(a, PASSWORD, null);
        List<String> named = new java.util.ArrayList<>(List.of(server.url().toString()));
        for (int i = 0; i < 80; i++) {
            named.add("http://127.0.0." + (2 + i % 200) + ":" + FreePorts.next()); // loopback, nobody listens
        }
        try (FakePeer hostile = new FakePeer(PASSWORD, (self, method) -> switch (method) {
            case "ping" -> FakePeer.response(FakePeer.strings(named));
            case "list" -> FakePeer.response(FakePeer.listing(Map.of()));
            default -> null;
        })) {
            long start = System.nanoTime();
            Path into = folder("into");
            Cli.Result run = client(into, hostile.url(), "");
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertEquals(0, run.exitCode(), context(run));
            assertEquals("real", Files.readString(into.resolve("real.txt")));
            assertTrue(run.out().contains("2 peers reached, 80 unreachable"), context(run));
            assertTrue(seconds < 20, "took " + seconds + " s\n" + context(run));
        }
    }
}
