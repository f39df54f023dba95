package org.tinyp2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tinyp2p.testing.Folders;
import org.tinyp2p.testing.FreePorts;
import org.tinyp2p.testing.RunningProcess;
import org.tinyp2p.testing.Tinyp2pJar;

/** The built jar, run as separate processes exactly as a user types it. */
class CommandLineIT {
    static final Duration END = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    final Tinyp2pJar jar = new Tinyp2pJar();

    @AfterEach
    void stopAll() {
        jar.close();
    }

    Path folder(String name) throws Exception {
        return Files.createDirectories(tmp.resolve(name));
    }

    @Test
    void threeFriendsChainServersAndClientsGetEveryFileFromEitherEnd() throws Exception {
        Path a = folder("alice");
        Path b = folder("bob");
        Path c = folder("carol");
        Map<String, byte[]> all = new TreeMap<>();
        all.put("holiday 🏖️.jpg", Folders.random(3 * 1024 * 1024 + 7, 3));
        all.put("notes.txt", "a\r\nb\n".getBytes(StandardCharsets.UTF_8));
        all.put("empty.dat", new byte[0]);
        Folders.write(a, "holiday 🏖️.jpg", all.get("holiday 🏖️.jpg"));
        Folders.write(b, "notes.txt", all.get("notes.txt"));
        Folders.write(c, "empty.dat", all.get("empty.dat"));
        int pa = FreePorts.next();
        int pb = FreePorts.next();
        int pc = FreePorts.next();
        RunningProcess alice = jar.server(a, "s3cret", pa);
        RunningProcess bob = jar.server(b, "s3cret", pb, Tinyp2pJar.url(pa));
        RunningProcess carol = jar.server(c, "s3cret", pc, Tinyp2pJar.url(pb));
        alice.awaitOutput("Peer joined: " + Tinyp2pJar.url(pc) + "$", Tinyp2pJar.STARTUP);

        for (int port : new int[] {pa, pc}) {
            Path into = folder("into-" + port);
            RunningProcess client = jar.client(into, "s3cret", "client", Tinyp2pJar.url(port), "");
            String context = client.transcript() + "\n" + alice.transcript() + "\n" + bob.transcript() + "\n" + carol.transcript();
            assertEquals(0, client.exitCode(END), context);
            Folders.assertSameFiles(all, into, context);
            assertTrue(client.stdout().contains("Done: 3 files, " + (3 * 1024 * 1024 + 7 + 5) + " bytes"), context);
            assertTrue(client.stdout().contains("3 peers reached, 0 unreachable"), context);
        }
        assertEquals("", alice.stderrBeyondLoopbackWarning() + bob.stderrBeyondLoopbackWarning() + carol.stderrBeyondLoopbackWarning());
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(new String[] {}, "Missing required parameter: 'PASSWORD'"),
                Arguments.of(new String[] {"pw"}, "Missing mode: 'server' or 'client' after PASSWORD"),
                Arguments.of(new String[] {"pw", "serve", "h", "1"}, "Unknown mode 'serve'"),
                Arguments.of(new String[] {"pw", "server", "127.0.0.1"}, "Missing required parameter: 'PORT'"),
                Arguments.of(new String[] {"pw", "server", "127.0.0.1", "x"}, "'x' is not an int"),
                Arguments.of(new String[] {"pw", "server", "127.0.0.1", "0"}, "PORT must be between 1 and 65535, not 0"),
                Arguments.of(new String[] {"pw", "server", "127.0.0.1", "70000"}, "PORT must be between 1 and 65535"),
                Arguments.of(new String[] {"pw", "server", "127.0.0.1", "8000", "localhost:8001"}, "OTHERURL must look like http://host:port"),
                Arguments.of(new String[] {"pw", "server", "bad host", "8000"}, "HOST must be a host name or IP address"),
                Arguments.of(new String[] {"pw", "client", "http://127.0.0.1:1"}, "Missing required parameter: 'PATTERN'"),
                Arguments.of(new String[] {"pw", "client", "127.0.0.1:8000", "x"}, "SERVERURL must look like http://host:port"),
                Arguments.of(new String[] {"pw", "client", "http://127.0.0.1:1/x", "x"}, "SERVERURL must look like http://host:port"),
                Arguments.of(new String[] {"--regex", "pw", "client", "http://127.0.0.1:1", "("}, "PATTERN is not a valid regular expression"),
                Arguments.of(new String[] {"pw", "client", "http://127.0.0.1:1", "x", "extra"}, "Unmatched argument"),
                Arguments.of(new String[] {"--nope", "pw", "client", "http://127.0.0.1:1", "x"}, "Unknown option: '--nope'"),
                Arguments.of(new String[] {"--legacy", "pw", "client", "http://127.0.0.1:1", "x"}, "--legacy is for servers; name an original TinyP2P peer with --legacy-peer URL"),
                Arguments.of(new String[] {"--legacy-peer", "x:1", "pw", "client", "http://127.0.0.1:1", "x"}, "--legacy-peer must look like http://host:port, not 'x:1'"),
                Arguments.of(new String[] {"client", "http://127.0.0.1:1", "x"}, "Missing required parameter: 'PASSWORD' before 'client' (a PASSWORD"
                        + " that is itself 'server' or 'client' must come through $TINYP2P_PASSWORD: give PASSWORD as '-')"),
                Arguments.of(new String[] {"-s3cret", "client", "http://127.0.0.1:1", "x"},
                        "Unknown option: '***' (a PASSWORD that starts with '-' must come through $TINYP2P_PASSWORD: give PASSWORD as '-')"),
                Arguments.of(new String[] {"--", "-s3cret", "client", "http://127.0.0.1:1", "x"},
                        "The mode cannot follow -- (a PASSWORD that starts with '-' must come through $TINYP2P_PASSWORD: give PASSWORD as '-')"),
                Arguments.of(new String[] {"hunter2", "hunter2", "client", "http://127.0.0.1:1", "x"}, "Unknown mode '***': expected 'server' or 'client'"),
                // not the cluster -h -u -n …, which printed the help and exited 0
                Arguments.of(new String[] {"-hunter2", "client", "http://127.0.0.1:1", "x"},
                        "Unknown option: '***' (a PASSWORD that starts with '-' must come through $TINYP2P_PASSWORD: give PASSWORD as '-')"),
                Arguments.of(new String[] {"--parallel", "s3cret", "server", "127.0.0.1", "9"}, "Invalid value for option '--parallel': '***' is not an int"),
                Arguments.of(new String[] {"", "client", "http://127.0.0.1:1", "x"}, "PASSWORD must not be empty"),
                Arguments.of(new String[] {"pw", "server", "127.0.0.1", "8000", "--regex"}, "--regex applies to the client only"),
                Arguments.of(new String[] {"--parallel", "3", "pw", "server", "127.0.0.1", "8000"}, "--parallel applies to the client only"),
                Arguments.of(new String[] {"pw", "server", "--no-raw", "127.0.0.1", "8000"}, "--no-raw applies to the client only"),
                Arguments.of(new String[] {"--json", "pw", "server", "127.0.0.1", "8000"}, "--json applies to the client only"),
                Arguments.of(new String[] {"--min-free", "20X", "pw", "client", "http://127.0.0.1:1", "x"}, "Invalid value for option '--min-free':"
                        + " '20X' is not a size: give bytes, or a whole number with K, M, G or T (1024-based), such as 20M"),
                Arguments.of(new String[] {"pw", "client", "--min-free", "-5", "http://127.0.0.1:1", "x"},
                        "Invalid value for option '--min-free': '-5' is negative: a size is 0 or more bytes"),
                Arguments.of(new String[] {"pw", "client", "--min-free=9000000T", "http://127.0.0.1:1", "x"},
                        "Invalid value for option '--min-free': '9000000T' is more bytes than any disk holds"),
                // a forgotten SIZE takes the password for it: never echoed
                Arguments.of(new String[] {"--min-free", "s3cret", "client", "http://127.0.0.1:1", "x"}, "Invalid value for option '--min-free': '***' is not a size"),
                Arguments.of(new String[] {"pw", "server", "127.0.0.1", "8000", "--min-free", "20M"}, "--min-free applies to the client only"),
                Arguments.of(new String[] {"pw", "client", "--ping-interval", "5", "http://127.0.0.1:1", "x"}, "--ping-interval applies to servers only"),
                Arguments.of(new String[] {"--flat", "pw", "client", "http://127.0.0.1:1", "x"}, "--flat applies to servers only"));
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void usageErrorsExitTwoWithOneLineAndAShortUsage(String[] args, String message) throws Exception {
        RunningProcess run = jar.start(folder("cwd"), args);
        assertEquals(2, run.exitCode(END), run.transcript());
        String[] lines = run.stderr().split("\n");
        assertTrue(lines[0].startsWith("tinyp2p: ") && lines[0].contains(message), run.transcript());
        assertTrue(run.stderr().contains("Usage: java -jar tinyp2p.jar"), run.transcript());
        assertFalse(run.stderr().contains("\tat "), "no stack trace\n" + run.transcript());
        assertEquals("", run.stdout(), run.transcript());
    }

    @Test
    void theBannerCountsFilesAndFoldersAndAServerInAHomeFolderSaysItSharesAllOfIt() throws Exception {
        Path home = folder("home");
        for (String name : List.of("notes.txt", "Music/a/1.flac", "Music/a/2.flac", "Music/b/3.flac", ".config/secret")) {
            Files.createDirectories(home.resolve(name).getParent());
            Files.writeString(home.resolve(name), name);
        }
        int port = FreePorts.next();
        // $HOME, as a shell has it (Java's user.home comes from the password database, which a test cannot change)
        RunningProcess tree = jar.start(home, Map.of("HOME", home.toString()), "pw", "server", "127.0.0.1", Integer.toString(port));
        tree.awaitOutput("Started a new network", Tinyp2pJar.STARTUP);
        assertTrue(tree.stdout().contains("sharing " + home.toRealPath() + " (4 files in 3 folders)"), tree.transcript());
        List<String> warned = tree.stderr().lines().filter(l -> l.contains("home folder")).toList();
        assertEquals(1, warned.size(), tree.transcript());
        assertTrue(warned.get(0).endsWith(" warning: " + home.toRealPath() + " is your home folder: all of it is shared, every subfolder"
                + " included (hidden entries aside); serve a folder of what you mean to share, or use --flat"), tree.transcript());
        tree.close();

        int flatPort = FreePorts.next();
        RunningProcess flat = jar.start(home, Map.of("HOME", home.toString()), "pw", "server", "127.0.0.1", Integer.toString(flatPort), "--flat");
        flat.awaitOutput("Started a new network", Tinyp2pJar.STARTUP);
        assertTrue(flat.stdout().contains("sharing " + home.toRealPath() + " (1 file, top level only)"), flat.transcript());
        assertFalse(flat.stderr().contains("home folder"), flat.transcript());
        Path into = folder("into");
        RunningProcess client = jar.client(into, "pw", "client", Tinyp2pJar.url(flatPort), "");
        assertEquals(0, client.exitCode(END), client.transcript() + flat.transcript());
        assertEquals(List.of("notes.txt"), List.copyOf(Folders.contents(into).keySet()), client.transcript());
    }

    @Test
    void helpAndVersionExitZero() throws Exception {
        RunningProcess help = jar.start(folder("cwd"), "--help");
        assertEquals(0, help.exitCode(END), help.transcript());
        assertTrue(help.stdout().contains("PASSWORD") && help.stdout().contains("Exit codes:"), help.transcript());
        RunningProcess version = jar.start(folder("cwd2"), "--version");
        assertEquals(0, version.exitCode(END), version.transcript());
        assertTrue(version.stdout().startsWith("tinyp2p "), version.transcript());
        RunningProcess completion = jar.start(folder("cwd3"), "--completion");
        assertEquals(0, completion.exitCode(END), completion.transcript());
        assertTrue(completion.stdout().contains("complete -F _complete_tinyp2p") || completion.stdout().contains("_complete_tinyp2p tinyp2p"),
                completion.transcript());
    }

    @Test
    void everyHelpScreenFitsEightyColumnsAndNamesTheProgramAsTheUsageLinesDo() throws Exception {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"pw", "client", "--help"}, new String[] {"pw", "server", "--help"})) {
            RunningProcess help = jar.start(folder("help-" + args.length), args);
            assertEquals(0, help.exitCode(END), help.transcript());
            for (String line : help.stdout().split("\n")) {
                assertTrue(line.length() <= 80, "over 80 columns: '" + line + "'\n" + help.transcript());
            }
            assertTrue(help.stdout().startsWith("Usage: java -jar tinyp2p.jar [OPTIONS] PASSWORD "), help.transcript());
        }
        RunningProcess root = jar.start(folder("help-root"), "--help");
        root.exitCode(END);
        for (String continued : List.of("                               network through OTHERURL",
                "     download failed, the port is in use, the folder is missing or unreadable")) {
            assertTrue(root.stdout().contains(continued + "\n"), "continuation lines are indented\n" + root.transcript());
        }
        RunningProcess client = jar.start(folder("help-client"), "pw", "client", "--help");
        client.exitCode(END);
        assertFalse(client.stdout().contains("--ping-interval") || client.stdout().contains("--legacy "),
                "a mode's help lists its own options\n" + client.transcript());
        assertTrue(client.stdout().contains("--parallel"), client.transcript());
    }

    @Test
    void runtimeFailuresExitOneWithOneLineNamingTheThing() throws Exception {
        int port = FreePorts.next();
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            RunningProcess busy = jar.start(folder("a"), "pw", "server", "127.0.0.1", Integer.toString(port));
            assertEquals(1, busy.exitCode(END), busy.transcript());
            assertEquals("tinyp2p: Cannot listen on 127.0.0.1:" + port + ": port " + port + " is already in use\n", busy.stderr(), busy.transcript());
        }
        String dead = Tinyp2pJar.url(FreePorts.next());
        RunningProcess unreachable = jar.start(folder("b"), "pw", "client", dead, "");
        assertEquals(1, unreachable.exitCode(END), unreachable.transcript());
        assertEquals("tinyp2p: " + dead + " is unreachable: connection refused\n", unreachable.stderr());

        RunningProcess missing = jar.start(folder("c"), "--dir", tmp.resolve("nope").toString(), "pw", "client", dead, "");
        assertEquals(1, missing.exitCode(END), missing.transcript());
        assertEquals("tinyp2p: Folder does not exist: " + tmp.resolve("nope") + "\n", missing.stderr());
    }

    @Test
    void aWrongPasswordIsReportedAsRefusedByThatServer() throws Exception {
        int port = FreePorts.next();
        RunningProcess server = jar.server(folder("a"), "right", port);
        RunningProcess client = jar.client(folder("b"), "wrong", "client", Tinyp2pJar.url(port), "");
        assertEquals(1, client.exitCode(END), client.transcript());
        assertEquals("tinyp2p: " + Tinyp2pJar.url(port) + " refused the password\n", client.stderr());

        RunningProcess joiner = jar.start(folder("c"), "wrong", "server", "127.0.0.1", Integer.toString(FreePorts.next()), Tinyp2pJar.url(port));
        assertEquals(1, joiner.exitCode(END), joiner.transcript() + server.transcript());
        assertEquals("tinyp2p: " + Tinyp2pJar.url(port) + " refused the password\n", joiner.stderrBeyondLoopbackWarning(), joiner.transcript());
    }

    @Test
    void aPasswordFileReadableOnlyByItsOwnerWorksAndNoOtherIs() throws Exception {
        Path shared = folder("shared");
        Files.writeString(shared.resolve("f.txt"), "f");
        int port = FreePorts.next();
        jar.server(shared, "s3cret pass", port);
        Path file = Files.writeString(tmp.resolve("password"), "s3cret pass\nsecond line ignored\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        RunningProcess open = jar.client(folder("into1"), "--password-file", file.toString(), "-", "client", Tinyp2pJar.url(port), "");
        assertEquals(2, open.exitCode(END), open.transcript());
        assertTrue(open.stderr().startsWith("tinyp2p: --password-file " + file + " can be read by others (rw-r--r--); make it private: chmod 600 "),
                open.transcript());
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path into = folder("into2");
        RunningProcess ok = jar.client(into, "--password-file", file.toString(), "-", "client", Tinyp2pJar.url(port), "");
        assertEquals(0, ok.exitCode(END), ok.transcript());
        assertEquals("f", Files.readString(into.resolve("f.txt")));
        RunningProcess both = jar.client(folder("into3"), "--password-file", file.toString(), "pw", "client", Tinyp2pJar.url(port), "");
        assertEquals(2, both.exitCode(END), both.transcript());
        assertTrue(both.stderr().startsWith("tinyp2p: with --password-file, give PASSWORD as '-'"), both.transcript());
    }

    @Test
    void aWrongPasswordIsNeverEchoedEvenVerbosely() throws Exception {
        int port = FreePorts.next();
        RunningProcess server = jar.server(folder("shared"), "Ri9htPassw0rd", port, "-v");
        RunningProcess client = jar.client(folder("into"), "-v", "Wr0ngPassw0rd", "client", Tinyp2pJar.url(port), "");
        assertEquals(1, client.exitCode(END), client.transcript());
        assertEquals("tinyp2p: " + Tinyp2pJar.url(port) + " refused the password", client.stderr().lines()
                .filter(l -> l.startsWith("tinyp2p: ")).findFirst().orElse(""), client.transcript());
        server.stop(END);
        for (String text : new String[] {client.stdout(), client.stderr(), server.stdout(), server.stderr()}) {
            assertFalse(text.contains("Wr0ngPassw0rd") || text.contains("Ri9htPassw0rd"), client.transcript() + server.transcript());
        }
    }

    @Test
    void aServerStopsCleanlyAndReleasesItsPortAtOnce() throws Exception {
        int port = FreePorts.next();
        RunningProcess server = jar.server(folder("a"), "pw", port);
        // a hostile caller's garbage is answered with a fault, and nothing is printed
        HttpResponse<String> garbage = org.tinyp2p.testing.TestTls.http().send(HttpRequest.newBuilder(
                        URI.create(org.tinyp2p.testing.TestTls.https(Tinyp2pJar.url(port)) + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("<not xml")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(garbage.body().contains("<fault>"), garbage.body());
        server.stop(END);
        assertTrue(server.stdout().contains("Stopped " + Tinyp2pJar.url(port)), server.transcript());
        assertEquals("", server.stderrBeyondLoopbackWarning(), server.transcript());
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, again.getLocalPort());
        }
    }

    @Test
    void aSeedThatIsDownIsAWarningAndTheServerServes() throws Exception {
        int port = FreePorts.next();
        String dead = Tinyp2pJar.url(FreePorts.next());
        Path shared = folder("a");
        Files.writeString(shared.resolve("here.txt"), "here");
        RunningProcess server = jar.server(shared, "pw", port, dead);
        assertTrue(server.stderr().contains("warning: Seed " + dead + " is unreachable: connection refused; serving alone until peers call, will keep trying"),
                server.transcript());
        assertFalse(server.stdout().contains("Joined the network"), "a seed that did not answer was not joined through\n" + server.transcript());
        Path into = folder("b");
        RunningProcess client = jar.client(into, "pw", "client", Tinyp2pJar.url(port), "");
        assertEquals(0, client.exitCode(END), client.transcript());
        assertEquals("here", Files.readString(into.resolve("here.txt")));
        assertFalse(client.stderr().contains(dead), "an address that never proved membership is not handed out\n" + client.transcript());
    }

    @Test
    void aKilledClientResumesFromItsBytesOnTheNextRun() throws Exception {
        byte[] file = Folders.random(4_000_000, 21);
        String sha = java.util.HexFormat.of().formatHex(org.tinyp2p.files.HashCache.newDigest().digest(file));
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (org.tinyp2p.testing.FakePeer stalling = new org.tinyp2p.testing.FakePeer("pw", (self, method) -> switch (method) {
            case "ping" -> org.tinyp2p.testing.FakePeer.response(org.tinyp2p.testing.FakePeer.strings(java.util.List.of(self)));
            case "list" -> org.tinyp2p.testing.FakePeer.response(org.tinyp2p.testing.FakePeer.listing("big.bin", file.length, sha, true));
            default -> null;
        }).onGet(exchange -> {
            // a quarter of the file, then nothing: the client is killed while it waits
            exchange.sendResponseHeaders(206, file.length);
            exchange.getResponseBody().write(file, 0, file.length / 4);
            exchange.getResponseBody().flush();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        })) {
            Path into = folder("into");
            RunningProcess first = jar.start(into, "pw", "client", stalling.url(), "");
            Path part = into.resolve(".tinyp2p-" + sha + ".part");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!(Files.exists(part) && Files.size(part) >= file.length / 4) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            first.close(); // kill -9
            release.countDown();
            assertEquals(file.length / 4, Files.size(part), first.transcript());
            assertTrue(Folders.contents(into).keySet().equals(java.util.Set.of(part.getFileName().toString())), "no file under the real name");

            Path shared = folder("shared");
            Folders.write(shared, "big.bin", file);
            int port = FreePorts.next();
            jar.server(shared, "pw", port);
            RunningProcess second = jar.client(into, "pw", "client", Tinyp2pJar.url(port), "");
            assertEquals(0, second.exitCode(END), second.transcript());
            assertTrue(second.stdout().contains("(resumed at byte " + file.length / 4 + ")"), second.transcript());
            Folders.assertSameFiles(java.util.Map.of("big.bin", file), into, second.transcript());
        }
    }

    @Test
    void aPasswordOfDashIsReadFromTheEnvironmentAndNeverFromArgv() throws Exception {
        Path shared = folder("a");
        Files.writeString(shared.resolve("env.txt"), "env");
        int port = FreePorts.next();
        RunningProcess server = jar.start(shared, Map.of("TINYP2P_PASSWORD", "from-env"), "-", "server", "127.0.0.1", Integer.toString(port));
        server.awaitOutput("Started a new network", Tinyp2pJar.STARTUP);
        Path into = folder("b");
        RunningProcess client = jar.start(into, Map.of("TINYP2P_PASSWORD", "from-env"), "-", "client", Tinyp2pJar.url(port), "");
        assertEquals(0, client.exitCode(END), client.transcript() + server.transcript());
        assertEquals("env", Files.readString(into.resolve("env.txt")));
        RunningProcess literal = jar.client(folder("c"), "from-env", "client", Tinyp2pJar.url(port), "");
        assertEquals(0, literal.exitCode(END), "the same password typed on the command line\n" + literal.transcript());

        RunningProcess noSource = jar.start(folder("d"), "-", "client", Tinyp2pJar.url(port), "");
        assertEquals(2, noSource.exitCode(END), noSource.transcript());
        assertTrue(noSource.stderr().startsWith("tinyp2p: PASSWORD '-' needs $TINYP2P_PASSWORD or a terminal to ask on"), noSource.transcript());
    }

    @Test
    void clientAndServerWorkInASixtyFourMebibyteHeapOnBothPaths() throws Exception {
        Path shared = folder("shared");
        byte[] file = Folders.random(40_000_000, 31);
        Folders.write(shared, "forty.bin", file);
        int port = FreePorts.next();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jarPath = Path.of(System.getProperty("tinyp2p.jar", "target/tinyp2p.jar")).toAbsolutePath().toString();
        try (RunningProcess server = RunningProcess.start(shared, Map.of(), java.util.List.of(javaBin, "-Xmx64m", "-jar", jarPath,
                "pw", "server", "127.0.0.1", Integer.toString(port)))) {
            server.awaitOutput("Started a new network", Tinyp2pJar.STARTUP);
            for (String path : new String[] {"--no-raw", "--parallel=4"}) {
                Path into = folder("into" + path.replace("-", ""));
                try (RunningProcess client = RunningProcess.start(into, Map.of(), java.util.List.of(javaBin, "-Xmx64m", "-jar", jarPath,
                        path, "pw", "client", Tinyp2pJar.url(port), ""))) {
                    assertEquals(0, client.exitCode(END), client.transcript() + server.transcript());
                    Folders.assertSameFiles(Map.of("forty.bin", file), into, client.transcript());
                }
            }
            assertEquals("", server.stderrBeyondLoopbackWarning(), server.transcript());
        }
    }

    @Test
    void rangesFromSeveralPeersFitInASixtyFourMebibyteHeapToo() throws Exception {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        for (int i = 0; i < 4; i++) {
            files.put("big-" + i + ".bin", Folders.random(24_000_000, 40 + i)); // each large enough to come as ranges
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jarPath = Path.of(System.getProperty("tinyp2p.jar", "target/tinyp2p.jar")).toAbsolutePath().toString();
        java.util.List<RunningProcess> servers = new java.util.ArrayList<>();
        try {
            int first = 0;
            for (String name : new String[] {"a", "b", "c"}) {
                Path shared = folder(name);
                files.forEach((file, bytes) -> Folders.write(shared, file, bytes));
                int port = FreePorts.next();
                java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(javaBin, "-Xmx64m", "-jar", jarPath,
                        "pw", "server", "127.0.0.1", Integer.toString(port)));
                if (first != 0) {
                    command.add(Tinyp2pJar.url(first));
                } else {
                    first = port;
                }
                RunningProcess server = RunningProcess.start(shared, Map.of(), command);
                servers.add(server);
                server.awaitOutput(first == port ? "Started a new network" : "Joined the network", Tinyp2pJar.STARTUP);
            }
            Path into = folder("into");
            try (RunningProcess client = RunningProcess.start(into, Map.of(), java.util.List.of(javaBin, "-Xmx64m", "-jar", jarPath,
                    "--parallel=4", "pw", "client", Tinyp2pJar.url(first), "big-"))) {
                assertEquals(0, client.exitCode(END), client.transcript());
                Folders.assertSameFiles(files, into, client.transcript());
                assertTrue(client.stdout().contains(" and "), "ranges came from several peers\n" + client.transcript());
            }
        } finally {
            for (RunningProcess server : servers) {
                server.close();
            }
        }
    }
}
