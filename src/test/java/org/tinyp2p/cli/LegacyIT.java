package org.tinyp2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.testing.Folders;
import org.tinyp2p.testing.FreePorts;
import org.tinyp2p.testing.RunningProcess;
import org.tinyp2p.testing.Tinyp2pJar;

/**
 * Wire compatibility with the original TinyP2P, against a Python 2.7 peer speaking its protocol
 * (src/test/resources/legacy/tinyp2p_peer.py), run with pyenv's Python 2.7.18 as the brief provides.
 */
class LegacyIT {
    static final Duration END = Duration.ofSeconds(60);
    static final Map<String, String> PY27 = Map.of("PYENV_VERSION", "2.7.18");

    @TempDir
    static Path scripts;
    static Path peerScript;

    @TempDir
    Path tmp;
    final Tinyp2pJar jar = new Tinyp2pJar();
    final List<RunningProcess> pythons = new java.util.ArrayList<>();

    @BeforeAll
    static void findPython() throws Exception {
        peerScript = scripts.resolve("tinyp2p_peer.py");
        try (InputStream in = LegacyIT.class.getResourceAsStream("/legacy/tinyp2p_peer.py")) {
            Files.copy(in, peerScript);
        }
        RunningProcess version = RunningProcess.start(scripts, PY27, List.of("python", "--version"));
        int code;
        try {
            code = version.exitCode(END);
        } finally {
            version.close();
        }
        assumeTrue(code == 0 && (version.stdout() + version.stderr()).contains("Python 2.7"),
                "needs Python 2.7 as 'PYENV_VERSION=2.7.18 python'\n" + version.transcript());
    }

    @AfterEach
    void stopAll() {
        jar.close();
        pythons.forEach(RunningProcess::close);
    }

    RunningProcess python(Path dir, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("python", peerScript.toString()));
        command.addAll(List.of(args));
        RunningProcess process = RunningProcess.start(dir, PY27, command);
        pythons.add(process);
        return process;
    }

    Path folder(String name) throws Exception {
        return Files.createDirectories(tmp.resolve(name));
    }

    static Map<String, byte[]> ours() {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("binary.bin", Folders.random(200_000, 9));
        files.put("dos.txt", "line one\r\nline two\r\n".getBytes(StandardCharsets.UTF_8));
        files.put("utf8.txt", "héllo wörld 😀\n".getBytes(StandardCharsets.UTF_8));
        files.put("empty", new byte[0]);
        return files;
    }

    @Test
    void anOriginalPeerJoinsOurNetworkAndEachSideDownloadsFromTheOther() throws Exception {
        Path mine = folder("ours");
        ours().forEach((name, bytes) -> Folders.write(mine, name, bytes));
        byte[] nested = "in a subfolder".getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(mine.resolve("sub/dir"));
        Files.write(mine.resolve("sub/dir/nested.txt"), nested);
        Path theirs = folder("theirs");
        Folders.write(theirs, "from-python.txt", "py\n".getBytes(StandardCharsets.UTF_8));
        Folders.write(theirs, "py.bin", Folders.random(3000, 10));

        int ourPort = FreePorts.next();
        int pyPort = FreePorts.next();
        // our server takes original peers' plain HTTP on its port, and is told which peer is an original
        RunningProcess server = jar.server(mine, "pw", ourPort, "--legacy", "--legacy-peer", Tinyp2pJar.url(pyPort));
        RunningProcess py = python(theirs, "pw", "server", "127.0.0.1", Integer.toString(pyPort), Tinyp2pJar.url(ourPort))
                .awaitOutput("^tinyp2p_peer serving", Tinyp2pJar.STARTUP);
        server.awaitOutput("Peer joined: " + Tinyp2pJar.url(pyPort), Tinyp2pJar.STARTUP);

        // our client walks into the original peer through f(), because the user names it
        Path ourClient = folder("our-client");
        RunningProcess client = jar.client(ourClient, "--legacy-peer", Tinyp2pJar.url(pyPort), "pw", "client", Tinyp2pJar.url(ourPort), "");
        String context = client.transcript() + "\n" + server.transcript() + "\n" + py.transcript();
        assertEquals(0, client.exitCode(END), context);
        Map<String, byte[]> expected = new TreeMap<>(ours());
        expected.putAll(Folders.contents(theirs));
        Map<String, byte[]> ourTree = Folders.tree(ourClient);
        assertTrue(java.util.Arrays.equals(nested, ourTree.remove("sub/dir/nested.txt")), "our subfolder arrives\n" + context);
        ourTree.remove("sub");
        ourTree.remove("sub/dir");
        assertEquals(expected.keySet(), ourTree.keySet(), "the original's files at the top, beside ours\n" + context);
        expected.forEach((name, bytes) -> assertTrue(java.util.Arrays.equals(bytes, ourTree.get(name)), name + "\n" + context));

        // the original's client downloads from our server, byte for byte: the top level only, as it shares
        Path pyClient = folder("py-client");
        RunningProcess original = python(pyClient, "pw", "client", Tinyp2pJar.url(ourPort), "");
        assertEquals(0, original.exitCode(END), original.transcript() + "\n" + server.transcript());
        Folders.assertSameFiles(expected, pyClient, original.transcript());
    }

    @Test
    void anOriginalPeerSeesTheTopLevelOnlyAndCannotReachIntoSubfolders() throws Exception {
        Path mine = folder("ours");
        Folders.write(mine, "top.txt", "top\n".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(mine.resolve("sub/deeper"));
        Folders.write(mine.resolve("sub"), "inner.txt", "inner\n".getBytes(StandardCharsets.UTF_8));
        Folders.write(mine.resolve("sub/deeper"), "deep.txt", "deep\n".getBytes(StandardCharsets.UTF_8));
        int ourPort = FreePorts.next();
        RunningProcess server = jar.server(mine, "pw", ourPort, "--legacy");
        Path pyClient = folder("py-client");
        RunningProcess original = python(pyClient, "pw", "client", Tinyp2pJar.url(ourPort), "");
        assertEquals(0, original.exitCode(END), original.transcript() + "\n" + server.transcript());
        assertEquals(Map.of("top.txt", "top\n"), Map.of("top.txt", Files.readString(pyClient.resolve("top.txt"))));
        assertEquals(List.of("top.txt"), List.copyOf(Folders.contents(pyClient).keySet()), original.transcript());

        String token = new org.tinyp2p.protocol.LegacyToken("pw").forUrl(Tinyp2pJar.url(ourPort));
        String names = originalCall(ourPort, "127.0.0.1:" + ourPort, token, 1, "");
        assertTrue(names.contains("top.txt") && !names.contains("inner.txt") && !names.contains("sub"), names);
        String nested = originalCall(ourPort, "127.0.0.1:" + ourPort, token, 2, "sub/inner.txt");
        assertTrue(nested.contains("no such file") && !nested.contains("inner\n"), nested);
    }

    @Test
    void ourServerJoinsThroughAnOriginalSeedAndTheOriginalClientFindsIt() throws Exception {
        Path theirs = folder("theirs");
        Folders.write(theirs, "seed.txt", "seed\n".getBytes(StandardCharsets.UTF_8));
        Path mine = folder("ours");
        Folders.write(mine, "mine.txt", "mine\n".getBytes(StandardCharsets.UTF_8));
        int pyPort = FreePorts.next();
        int ourPort = FreePorts.next();
        python(theirs, "pw", "server", "127.0.0.1", Integer.toString(pyPort)).awaitOutput("^tinyp2p_peer serving", Tinyp2pJar.STARTUP);
        RunningProcess server = jar.server(mine, "pw", ourPort, Tinyp2pJar.url(pyPort), "--legacy-peer", Tinyp2pJar.url(pyPort));
        assertTrue(server.stdout().contains("2 servers known, 1 reached"), server.transcript());

        Path pyClient = folder("py-client");
        RunningProcess original = python(pyClient, "pw", "client", Tinyp2pJar.url(pyPort), "txt");
        assertEquals(0, original.exitCode(END), original.transcript() + server.transcript());
        assertEquals("mine\n", Files.readString(pyClient.resolve("mine.txt")));
        assertEquals("seed\n", Files.readString(pyClient.resolve("seed.txt")));
    }

    @Test
    void withoutLegacyNothingOfTheOriginalProtocolIsServed() throws Exception {
        Path mine = folder("ours");
        Folders.write(mine, "mine.txt", "mine".getBytes(StandardCharsets.UTF_8));
        int ourPort = FreePorts.next();
        RunningProcess server = jar.server(mine, "pw", ourPort);
        Path pyClient = folder("py-client");
        RunningProcess original = python(pyClient, "pw", "client", Tinyp2pJar.url(ourPort), "");
        assertNotEquals(0, original.exitCode(END), original.transcript()); // our port speaks TLS only
        assertEquals(Map.of(), Folders.contents(pyClient));
        assertEquals("", server.stderrBeyondLoopbackWarning(), server.transcript());
    }

    @Test
    void ourClientWithoutLegacyReportsAnOriginalServerPlainly() throws Exception {
        int pyPort = FreePorts.next();
        python(folder("theirs"), "pw", "server", "127.0.0.1", Integer.toString(pyPort)).awaitOutput("^tinyp2p_peer serving", Tinyp2pJar.STARTUP);
        RunningProcess client = jar.client(folder("into"), "pw", "client", Tinyp2pJar.url(pyPort), "");
        assertEquals(1, client.exitCode(END), client.transcript());
        assertEquals("tinyp2p: " + Tinyp2pJar.url(pyPort) + " is not a member of this network: it does not speak TLS"
                + " (if it runs the original TinyP2P, --legacy-peer speaks to it, but sends it a token that lets anyone who records it guess the password offline: only for a peer you trust)", client.stderr().strip(), client.transcript());
        assertEquals(1, client.stderr().lines().count(), client.transcript());
    }

    /** A plain f call over a socket of its own, with any Host header; the whole answer. */
    static String originalCall(int port, String host, String token, int n, String arg) throws Exception {
        String call = "<?xml version=\"1.0\"?><methodCall><methodName>f</methodName><params>"
                + "<param><value><string>" + token + "</string></value></param>"
                + "<param><value><int>" + n + "</int></value></param><param><value><string>" + arg + "</string></value></param></params></methodCall>";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            byte[] body = call.getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(("POST /RPC2 HTTP/1.0\r\nHost: " + host + "\r\nContent-Type: text/xml\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void wrongOriginalTokensCountAsWrongPasswordsAndAreSlowed() throws Exception {
        Path mine = folder("ours");
        Folders.write(mine, "secret.txt", "secret".getBytes(StandardCharsets.UTF_8));
        int ourPort = FreePorts.next();
        RunningProcess server = jar.server(mine, "pw", ourPort, "--legacy");
        String url = Tinyp2pJar.url(ourPort);
        for (int i = 0; i < 5; i++) {
            String guess = originalCall(ourPort, "127.0.0.1:" + ourPort, new org.tinyp2p.protocol.LegacyToken("guess" + i).forUrl(url), 1, "");
            assertTrue(guess.contains("password refused"), guess);
        }
        String right = originalCall(ourPort, "127.0.0.1:" + ourPort, new org.tinyp2p.protocol.LegacyToken("pw").forUrl(url), 1, "");
        assertTrue(right.contains("password refused") && !right.contains("secret.txt"), "the sixth guess in a minute is not even checked\n" + right);
        server.awaitOutput("Refused a wrong original TinyP2P token from 127.0.0.1", END);
    }

    @Test
    void withLegacyTheServerListensOnItsOnePortOnly() throws Exception {
        assumeTrue(org.tinyp2p.testing.ListeningPorts.readable(), "needs Linux's /proc to see which ports a process listens on");
        int ourPort = FreePorts.next();
        RunningProcess server = jar.server(folder("ours"), "pw", ourPort, "--legacy");
        // no inner ports a local user could reach around the door's limits: TLS and plain HTTP share this one
        assertEquals(java.util.Set.of(ourPort), org.tinyp2p.testing.ListeningPorts.of(server.pid()), server.transcript());
    }

    @Test
    void anOriginalTokenMadeForAnotherUrlReadsNothing() throws Exception {
        Path mine = folder("ours");
        Folders.write(mine, "secret.txt", "secret".getBytes(StandardCharsets.UTF_8));
        int ourPort = FreePorts.next();
        RunningProcess server = jar.server(mine, "pw", ourPort, "--legacy");
        String elsewhere = "http://anything.example:1";
        // a plain socket, so the Host header can name the other URL as the attack did
        String answer = originalCall(ourPort, "anything.example:1", new org.tinyp2p.protocol.LegacyToken("pw").forUrl(elsewhere), 2, "secret.txt");
        assertTrue(answer.contains("password refused") && !answer.contains("secret<"), answer + "\n" + server.transcript());
    }

    @Test
    void theOriginalTokenGoesOnlyToTheOriginalPeersTheUserNamed() throws Exception {
        java.util.List<String> calls;
        try (org.tinyp2p.testing.FakePeer faulting = new org.tinyp2p.testing.FakePeer("pw",
                (self, method) -> org.tinyp2p.testing.FakePeer.fault(1, "no such method"))) {
            int named = FreePorts.next();
            RunningProcess client = jar.client(folder("into"), "--legacy-peer", Tinyp2pJar.url(named), "pw", "client", faulting.url(), "");
            assertEquals(1, client.exitCode(END), client.transcript());
            assertTrue(client.stderr().contains(faulting.url() + " answered with an error"), client.transcript());
            calls = List.copyOf(faulting.calls());
        }
        assertFalse(calls.contains("f"), "no fall back to the original protocol: " + calls);
        assertTrue(calls.contains("ping"), calls.toString());
    }
}
