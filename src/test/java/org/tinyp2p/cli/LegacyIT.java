package org.tinyp2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        Path theirs = folder("theirs");
        Folders.write(theirs, "from-python.txt", "py\n".getBytes(StandardCharsets.UTF_8));
        Folders.write(theirs, "py.bin", Folders.random(3000, 10));

        int ourPort = FreePorts.next();
        int pyPort = FreePorts.next();
        RunningProcess server = jar.server(mine, "pw", ourPort, "--legacy");
        RunningProcess py = python(theirs, "pw", "server", "127.0.0.1", Integer.toString(pyPort), Tinyp2pJar.url(ourPort))
                .awaitOutput("^tinyp2p_peer serving", Tinyp2pJar.STARTUP);
        server.awaitOutput("Peer joined: " + Tinyp2pJar.url(pyPort), Tinyp2pJar.STARTUP);

        // our client walks into the original peer through f()
        Path ourClient = folder("our-client");
        RunningProcess client = jar.client(ourClient, "--legacy", "pw", "client", Tinyp2pJar.url(ourPort), "");
        String context = client.transcript() + "\n" + server.transcript() + "\n" + py.transcript();
        assertEquals(0, client.exitCode(END), context);
        Map<String, byte[]> expected = new TreeMap<>(ours());
        expected.putAll(Folders.contents(theirs));
        Folders.assertSameFiles(expected, ourClient, context);

        // the original's client downloads from our server, byte for byte
        Path pyClient = folder("py-client");
        RunningProcess original = python(pyClient, "pw", "client", Tinyp2pJar.url(ourPort), "");
        assertEquals(0, original.exitCode(END), original.transcript() + "\n" + server.transcript());
        Folders.assertSameFiles(expected, pyClient, original.transcript());
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
        RunningProcess server = jar.server(mine, "pw", ourPort, Tinyp2pJar.url(pyPort), "--legacy");
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
        assertNotEquals(0, original.exitCode(END), original.transcript());
        assertTrue(original.stderr().contains("no such method"), original.transcript());
        assertEquals(Map.of(), Folders.contents(pyClient));
        assertEquals("", server.stderrBeyondLoopbackWarning(), server.transcript());
    }

    @Test
    void ourClientWithoutLegacyReportsAnOriginalServerPlainly() throws Exception {
        int pyPort = FreePorts.next();
        python(folder("theirs"), "pw", "server", "127.0.0.1", Integer.toString(pyPort)).awaitOutput("^tinyp2p_peer serving", Tinyp2pJar.STARTUP);
        RunningProcess client = jar.client(folder("into"), "pw", "client", Tinyp2pJar.url(pyPort), "");
        assertEquals(1, client.exitCode(END), client.transcript());
        assertTrue(client.stderr().startsWith("tinyp2p: " + Tinyp2pJar.url(pyPort) + " answered with an error: "), client.transcript());
        assertTrue(client.stderr().contains("add --legacy"), client.transcript());
        assertEquals(1, client.stderr().lines().count(), client.transcript());
    }
}
