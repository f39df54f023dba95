package org.tinyp2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.testing.Folders;
import org.tinyp2p.testing.FreePorts;
import org.tinyp2p.testing.RunningProcess;
import org.tinyp2p.testing.Tinyp2pJar;

/** What users and scripts see: plain lines, --quiet, --verbose, --dry-run, --json, and the server's banner. */
class UserOutputIT {
    static final Duration END = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    final Tinyp2pJar jar = new Tinyp2pJar();
    Path shared;
    int port;
    RunningProcess server;

    @BeforeEach
    void start() throws Exception {
        shared = Files.createDirectories(tmp.resolve("shared"));
        Folders.write(shared, "one.txt", "one".getBytes(StandardCharsets.UTF_8));
        Folders.write(shared, "two é.bin", Folders.random(5000, 1));
        port = FreePorts.next();
        server = jar.server(shared, "pw", port);
    }

    @AfterEach
    void stop() {
        jar.close();
    }

    Path folder(String name) throws Exception {
        return Files.createDirectories(tmp.resolve(name));
    }

    @Test
    void outputToAPipeIsOnePlainLinePerFileAndASummary() throws Exception {
        RunningProcess client = jar.client(folder("into"), "pw", "client", Tinyp2pJar.url(port), "");
        assertEquals(0, client.exitCode(END), client.transcript());
        List<String> lines = client.stdout().lines().toList();
        assertEquals(3, lines.size(), client.transcript());
        assertTrue(lines.get(0).matches("Fetched '(one.txt|two é.bin)' \\(\\d+ bytes\\) from http://127.0.0.1:\\d+"), client.transcript());
        assertTrue(lines.get(2).startsWith("Done: 2 files, 5003 bytes in "), client.transcript());
        assertFalse((client.stdout() + client.stderr()).contains("\u001b"), "no terminal codes in a pipe");
        assertEquals("", client.stderr());
        assertTrue(server.stdout().lines().anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d tinyp2p server at .*")),
                "server lines carry a timestamp\n" + server.transcript());
        server.awaitOutput("\\d\\d:\\d\\d:\\d\\d Served 'one.txt' \\(3 bytes\\) to 127.0.0.1$", END);
    }

    @Test
    void quietSaysNothingButErrorsAndVerboseSaysMore() throws Exception {
        RunningProcess quiet = jar.client(folder("q"), "-q", "pw", "client", Tinyp2pJar.url(port), "");
        assertEquals(0, quiet.exitCode(END), quiet.transcript());
        assertEquals("", quiet.stdout() + quiet.stderr());
        assertTrue(Files.exists(tmp.resolve("q").resolve("one.txt")));

        RunningProcess quietFailure = jar.client(folder("q2"), "--quiet", "wrong", "client", Tinyp2pJar.url(port), "");
        assertEquals(1, quietFailure.exitCode(END));
        assertEquals("tinyp2p: " + Tinyp2pJar.url(port) + " refused the password\n", quietFailure.stderr());

        RunningProcess verbose = jar.client(folder("v"), "-v", "pw", "client", Tinyp2pJar.url(port), "");
        assertEquals(0, verbose.exitCode(END), verbose.transcript());
        assertTrue(verbose.stderr().contains("debug: reached " + Tinyp2pJar.url(port)), verbose.transcript());

        RunningProcess both = jar.client(folder("b"), "-q", "-v", "pw", "client", Tinyp2pJar.url(port), "");
        assertEquals(2, both.exitCode(END), both.transcript());
        assertTrue(both.stderr().startsWith("tinyp2p: --quiet and --verbose exclude each other"), both.transcript());
    }

    @Test
    void aDryRunSaysWhatItWouldDoAndWritesNothing() throws Exception {
        Path into = folder("into");
        Folders.write(into, "one.txt", "mine".getBytes(StandardCharsets.UTF_8));
        RunningProcess dry = jar.client(into, "--dry-run", "pw", "client", Tinyp2pJar.url(port), "");
        assertEquals(0, dry.exitCode(END), dry.transcript());
        assertTrue(dry.stdout().contains("Would fetch 'two é.bin' (5000 bytes) from " + Tinyp2pJar.url(port)), dry.transcript());
        assertTrue(dry.stdout().contains("Would skip 'one.txt': already here"), dry.transcript());
        assertTrue(dry.stdout().contains("Dry run: 1 file, 5000 bytes would be fetched"), dry.transcript());
        assertEquals(Map.of("one.txt", "mine"), Map.of("one.txt", Files.readString(into.resolve("one.txt"))));
        assertEquals(1, Folders.contents(into).size(), "nothing written, not even a temporary file");
    }

    @Test
    void jsonIsOneParseableObjectMatchingWhatArrived() throws Exception {
        Path into = folder("into");
        Folders.write(into, "one.txt", "mine".getBytes(StandardCharsets.UTF_8));
        RunningProcess client = jar.client(into, "--json", "pw", "client", Tinyp2pJar.url(port), "");
        assertEquals(0, client.exitCode(END), client.transcript());
        assertEquals(1, client.stdout().lines().count(), "stdout holds the JSON only\n" + client.transcript());
        assertTrue(client.stderr().contains("Fetched 'two é.bin'"), "human lines go to stderr\n" + client.transcript());
        Path json = Files.writeString(tmp.resolve("out.json"), client.stdout());
        // parsed by Python's json module, an independent parser
        RunningProcess parsed = RunningProcess.start(tmp, Map.of(), List.of("python3", "-c",
                "import json,sys; d=json.load(open(sys.argv[1], encoding='utf-8'));"
                        + "print(d['fetched'][0]['name'], d['fetched'][0]['size'], d['fetched'][0]['sha256'], d['fetched'][0]['peer']);"
                        + "print(d['skipped'][0]['name'], d['skipped'][0]['reason']);"
                        + "print(len(d['failed']), d['peers_reached'], d['peers_unreachable'], d['bytes'], d['seconds'] > 0)",
                json.toString()));
        assertEquals(0, parsed.exitCode(END), parsed.transcript() + client.stdout());
        String sha = java.util.HexFormat.of().formatHex(org.tinyp2p.files.HashCache.newDigest().digest(Files.readAllBytes(into.resolve("two é.bin"))));
        assertEquals(List.of("two é.bin 5000 " + sha + " " + Tinyp2pJar.url(port), "one.txt already here",
                "0 ['" + Tinyp2pJar.url(port) + "'] [] 5000 True"), parsed.stdout().lines().toList(), parsed.transcript());
    }

    @Test
    void theBannersCommandsWorkWhenPasted() throws Exception {
        String banner = server.stdout();
        Matcher join = Pattern.compile("to join:\\s+(.*) - server THEIRHOST (\\d+) (\\S+)").matcher(banner);
        Matcher download = Pattern.compile("to download:\\s+(.*) - client (\\S+) PATTERN").matcher(banner);
        assertTrue(join.find() && download.find(), server.transcript());
        server.awaitOutput("warning: 127.0.0.1 is a loopback address", END); // stderr may lag stdout

        int friendPort = FreePorts.next();
        Path friend = folder("friend");
        Folders.write(friend, "friend.txt", "hi".getBytes(StandardCharsets.UTF_8));
        String joinCommand = join.group(1) + " - server 127.0.0.1 " + friendPort + " " + join.group(3);
        RunningProcess joined = RunningProcess.start(friend, Map.of("TINYP2P_PASSWORD", "pw"), List.of("sh", "-c", "exec " + joinCommand));
        try {
            joined.awaitOutput("Joined the network", Tinyp2pJar.STARTUP);
            Path into = folder("into");
            String downloadCommand = download.group(1) + " - client " + download.group(2) + " ''";
            RunningProcess client = RunningProcess.start(into, Map.of("TINYP2P_PASSWORD", "pw"), List.of("sh", "-c", downloadCommand));
            assertEquals(0, client.exitCode(END), client.transcript() + joined.transcript());
            assertEquals(Map.of("one.txt", 3L, "two é.bin", 5000L, "friend.txt", 2L), sizes(into), client.transcript());
        } finally {
            joined.close();
        }
    }

    private static Map<String, Long> sizes(Path dir) {
        Map<String, Long> sizes = new java.util.TreeMap<>();
        Folders.contents(dir).forEach((name, bytes) -> sizes.put(name, (long) bytes.length));
        return sizes;
    }

    @Test
    void aTerminalGetsALiveProgressDisplay() throws Exception {
        Path into = folder("tty");
        Path typescript = tmp.resolve("typescript");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jarPath = Path.of(System.getProperty("tinyp2p.jar", "target/tinyp2p.jar")).toAbsolutePath().toString();
        // script(1) gives the client a pseudo-terminal, as a user at a shell has
        RunningProcess underTty = RunningProcess.start(into, Map.of("TERM", "xterm"), List.of("script", "-qec",
                java + " -jar '" + jarPath + "' pw client " + Tinyp2pJar.url(port) + " ''", typescript.toString()));
        assertEquals(0, underTty.exitCode(END), underTty.transcript());
        String screen = Files.readString(typescript, StandardCharsets.UTF_8);
        assertTrue(screen.matches("(?s).*tinyp2p +\\d+% .*MiB/s 2/2 files.*"), screen);
        assertTrue(Files.exists(into.resolve("two é.bin")));
    }
}
