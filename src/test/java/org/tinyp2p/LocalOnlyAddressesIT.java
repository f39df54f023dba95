package org.tinyp2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.tinyp2p.testing.Folders.contents;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.testing.FakePeer;
import org.tinyp2p.testing.NetNamespace;
import org.tinyp2p.testing.RunningProcess;
import org.tinyp2p.testing.Tinyp2pJar;

/**
 * A member names loopback and link-local addresses to aim other machines at services that listen only there. The
 * client runs in a network namespace of the test's own, where the hostile member's address is a LAN address, as on
 * a real network; a listener on the namespace's loopback is the service it aims at.
 */
class LocalOnlyAddressesIT {
    static final String PASSWORD = "friends";
    static final int TRAP_PORT = 4444;

    @TempDir
    Path dir;

    @Test
    void aClientStartedOnTheLanNeverCallsLoopbackAddressesAMemberNamesButWalksOnToTheRest() throws Exception {
        String why = NetNamespace.unavailable();
        assumeTrue(why == null, () -> "skipped: " + why);
        byte[] payload = "hi".getBytes(StandardCharsets.UTF_8);
        try (NetNamespace ns = NetNamespace.create();
             Tinyp2pJar jar = new Tinyp2pJar();
             FakePeer honest = new FakePeer(ns.outsideAddress, PASSWORD, (self, method) -> switch (method) {
                 case "ping" -> FakePeer.response(FakePeer.strings(List.of(self)));
                 case "list" -> FakePeer.response(FakePeer.listing(Map.of("good.txt", 2L), ReliabilityIT.sha256(payload)));
                 case "fetch" -> FakePeer.response(FakePeer.chunk(payload, 2));
                 default -> null;
             });
             FakePeer hostile = new FakePeer(ns.outsideAddress, PASSWORD, (self, method) -> switch (method) {
                 case "ping" -> FakePeer.response(FakePeer.strings(List.of(self, "http://127.0.0.1:" + TRAP_PORT,
                         "http://localhost:" + TRAP_PORT, "http://[::1]:" + TRAP_PORT, honest.url())));
                 case "list" -> FakePeer.response(FakePeer.listing(Map.of()));
                 default -> null;
             });
             RunningProcess trap = RunningProcess.start(dir, Map.of(), concat(ns.exec(), List.of("python3", "-c",
                     "import socket\n"
                     + "try:\n"
                     + "    s = socket.socket(socket.AF_INET6)\n"
                     + "    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)\n"
                     + "    s.bind(('::', " + TRAP_PORT + "))\n"
                     + "except OSError:\n"
                     + "    s = socket.socket()\n"
                     + "    s.bind(('0.0.0.0', " + TRAP_PORT + "))\n"
                     + "s.listen(16)\n"
                     + "print('listening', flush=True)\n"
                     + "while True:\n"
                     + "    c, a = s.accept()\n"
                     + "    print('CONNECTED from', a, flush=True)\n")))) {
            trap.awaitOutput("listening", Duration.ofSeconds(20));
            Path into = Files.createDirectories(dir.resolve("into"));
            RunningProcess client = jar.startWithin(ns.exec(), into, Map.of(), "-v", PASSWORD, "client", hostile.url(), "");
            int exit = client.exitCode(Duration.ofSeconds(60));
            String context = client.transcript() + "\ntrap: " + trap.stdout();
            assertEquals(0, exit, context);
            assertEquals(Set.of("good.txt"), contents(into).keySet(), "the walk went on to the honest member\n" + context);
            assertFalse(trap.stdout().contains("CONNECTED"), "the client called a loopback address a member named\n" + context);
            assertTrue(client.stderr().contains("not calling http://127.0.0.1:" + TRAP_PORT + ": a local-only address learned from others")
                    || client.stdout().contains("not calling http://127.0.0.1:" + TRAP_PORT), context);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void aUserReachingALanServerThroughLoopbackDoesNotPutTheWholeWalkOnLoopback() throws Exception {
        byte[] payload = "hi".getBytes(StandardCharsets.UTF_8);
        try (java.net.ServerSocket trap = new java.net.ServerSocket(0, 16, java.net.InetAddress.getLoopbackAddress());
             Tinyp2pJar jar = new Tinyp2pJar()) {
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            Thread accepting = new Thread(() -> {
                try {
                    while (true) {
                        trap.accept().close();
                        calls.incrementAndGet();
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            accepting.setDaemon(true);
            accepting.start();
            String trapUrl = "http://127.0.0.1:" + trap.getLocalPort();
            // the user's own server, reached at 127.0.0.1, is http://192.0.2.1:PORT to the network (a LAN address)
            try (FakePeer lanServer = new FakePeer(PASSWORD, (self, method) -> switch (method) {
                case "ping" -> FakePeer.response(FakePeer.strings(List.of(trapUrl)));
                case "list" -> FakePeer.response(FakePeer.listing(Map.of("good.txt", 2L), ReliabilityIT.sha256(payload)));
                case "fetch" -> FakePeer.response(FakePeer.chunk(payload, 2));
                default -> null;
            })) {
                lanServer.claim("http://192.0.2.1:" + java.net.URI.create(lanServer.url()).getPort());
                Path into = Files.createDirectories(dir.resolve("into"));
                RunningProcess client = jar.start(into, "-v", PASSWORD, "client", lanServer.url(), "");
                int exit = client.exitCode(Duration.ofSeconds(60));
                assertEquals(0, exit, client.transcript());
                assertEquals(Set.of("good.txt"), contents(into).keySet(), client.transcript());
                assertEquals(0, calls.get(), "a member's loopback address was called\n" + client.transcript());
                assertTrue(client.stderr().contains("not calling " + trapUrl + ": a local-only address learned from others"), client.transcript());
            }
        }
    }
}
