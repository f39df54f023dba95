package org.tinyp2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tinyp2p.testing.Folders.contents;
import static org.tinyp2p.testing.Folders.write;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.secure.ServerIdentity;
import org.tinyp2p.server.TinyServer;
import org.tinyp2p.testing.Cli;
import org.tinyp2p.testing.FakePeer;
import org.tinyp2p.testing.ServerFixture;
import org.tinyp2p.testing.TestTls;

/**
 * Only members count (issue 10): impostors who know no password, a man in the middle who ends TLS himself,
 * a recording of a whole run, and a member relaying what a client sent it. Real servers and clients in this
 * JVM on loopback; the attackers are small fakes.
 */
class MembershipIT {
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

    Path folder(String name) throws IOException {
        return Files.createDirectories(tmp.resolve(name));
    }

    Cli.Result client(Path into, String serverUrl) {
        return Cli.run("--dir", into.toString(), PASSWORD, "client", serverUrl, "");
    }

    String context(Cli.Result run) {
        return run.transcript() + "\n--- servers ---\n" + servers.log();
    }

    /** A peer that knows no password but offers files, one of them with its true hash, as the attacker did. */
    FakePeer impostor(List<String> peers) {
        byte[] script = "#!/bin/sh\necho owned\n".getBytes(StandardCharsets.UTF_8);
        FakePeer fake = new FakePeer("not the password", (self, method) -> switch (method) {
            case "ping" -> FakePeer.response(FakePeer.strings(peers.isEmpty() ? List.of(self) : peers));
            case "list" -> FakePeer.response(FakePeer.listing("verified.sh", script.length, ReliabilityIT.sha256(script), false));
            case "fetch" -> FakePeer.response(FakePeer.chunk(script, script.length));
            default -> null;
        });
        closeLater.add(fake);
        return fake;
    }

    @Test
    void anImpostorAsServerUrlIsRefusedAndNothingIsWritten() throws Exception {
        FakePeer fake = impostor(List.of());
        Path into = folder("into");
        Cli.Result run = client(into, fake.url());
        assertEquals(1, run.exitCode(), context(run));
        // it turned our proof down; from here that looks as a wrong password does, and says so
        assertEquals("tinyp2p: " + fake.url() + " refused the password\n", run.err(), context(run));
        assertEquals(Set.of(), contents(into).keySet());
        assertFalse(fake.calls().contains("list") || fake.calls().contains("ping"), "nothing but the exchange: " + fake.calls());
    }

    @Test
    void anImpostorAsSeedIsRefusedAndNoPeerJoins() throws Exception {
        FakePeer fake = impostor(List.of());
        PeerUrl seed = PeerUrl.parse(fake.url()).orElseThrow();
        Path shared = folder("shared");
        Cli.Result run = Cli.run("--dir", shared.toString(), "--ping-interval", "0", PASSWORD, "server", "127.0.0.1", Integer.toString(org.tinyp2p.testing.FreePorts.next()), seed.toString());
        assertEquals(1, run.exitCode(), run.transcript());
        assertTrue(run.err().endsWith("\ntinyp2p: " + fake.url() + " refused the password\n"), run.transcript());
        assertFalse(run.out().contains("Peer joined"), run.transcript());
    }

    @Test
    void anImpostorAmongHonestPeersIsSkippedAndTheHonestFilesArrive() throws Exception {
        Path a = folder("a");
        write(a, "honest.txt", "honest".getBytes(StandardCharsets.UTF_8));
        TinyServer honest = servers.start(a, PASSWORD, null);
        FakePeer fake = impostor(List.of());
        // a member that names the impostor (as a careless or compromised one might)
        FakePeer namer = new FakePeer(PASSWORD, (self, method) -> switch (method) {
            case "ping" -> FakePeer.response(FakePeer.strings(List.of(self, honest.url().toString(), fake.url())));
            case "list" -> FakePeer.response(FakePeer.listing(Map.of(), null));
            default -> null;
        });
        closeLater.add(namer);
        Path into = folder("into");
        Cli.Result run = client(into, namer.url());
        assertEquals(0, run.exitCode(), context(run));
        assertEquals(Set.of("honest.txt"), contents(into).keySet(), context(run));
        assertTrue(run.err().contains("warning: Skipping peer: " + fake.url() + " refused the password"), context(run));
        assertFalse(fake.calls().contains("list"), fake.calls().toString());
    }

    @Test
    void aServerHandsOutOnlyAddressesThatProvedMembership() throws Exception {
        TinyServer server = servers.start(folder("a"), PASSWORD, null);
        FakePeer fake = impostor(List.of());
        String made = "http://127.0.0.1:" + (fake.port() == 65535 ? 1 : 65535);
        org.tinyp2p.protocol.RemotePeer member = ServerFixture.dialer(PASSWORD).peer(server.url());
        member.exchangePeers(new Object[] {fake.url(), made});
        server.pingPeersNow();
        List<Object> handedOut = member.exchangePeers(new Object[0]);
        assertEquals(List.of(server.url().toString()), handedOut, servers.log());
        assertFalse(servers.log().contains("Peer joined"), servers.log());
    }

    @Test
    void anAddressThatRelaysToAnotherMemberIsNotTakenInAsThatAddress() throws Exception {
        TinyServer server = servers.start(folder("a"), PASSWORD, null);
        TinyServer member = servers.start(folder("b"), PASSWORD, null);
        Relay relay = new Relay(member.url().port(), false); // a stranger at another address, passing bytes to a member
        closeLater.add(relay);
        PeerUrl relayed = PeerUrl.parse(relay.url()).orElseThrow();
        org.tinyp2p.protocol.RemotePeer caller = ServerFixture.dialer(PASSWORD).peer(server.url());
        caller.exchangePeers(new Object[] {relay.url()});
        server.pingPeersNow();
        assertFalse(server.peers().isLive(relayed), servers.log());
        assertFalse(servers.log().contains("Peer joined: " + relayed), servers.log());
        // the member behind the relay may well join under its own URL (it heard of us through the relay)
        assertFalse(caller.exchangePeers(new Object[0]).contains(relay.url()), servers.log());
    }

    @Test
    void aFloodOfMadeUpAddressesFromAMemberLeavesRoomForARealJoiner() throws Exception {
        TinyServer server = servers.start(folder("a"), PASSWORD, null);
        Object[] flood = new Object[1000];
        for (int i = 0; i < flood.length; i++) {
            flood[i] = "http://127.0.0.1:" + (20000 + i); // nobody there
        }
        org.tinyp2p.protocol.RemotePeer member = ServerFixture.dialer(PASSWORD).peer(server.url());
        for (int round = 0; round < 20; round++) {
            member.exchangePeers(flood);
        }
        assertTrue(server.peers().size() <= org.tinyp2p.peer.PeerList.MAX_CANDIDATES + 1, "size " + server.peers().size());
        TinyServer joiner = servers.start(folder("b"), PASSWORD, server.url());
        servers.awaitLive(server, joiner.url());
        assertTrue(member.exchangePeers(new Object[0]).contains(joiner.url().toString()), servers.log());
    }

    @Test
    void aMemberNamingManyServersThatNeverAnswerDoesNotQueueARealJoinerOut() throws Exception {
        TinyServer server = servers.start(folder("a"), PASSWORD, null);
        List<Object> hung = new ArrayList<>();
        for (int i = 0; i < 48; i++) { // the kernel accepts for them; nothing ever answers: each call to one waits 4 s
            java.net.ServerSocket socket = new java.net.ServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress());
            closeLater.add(socket);
            hung.add("http://127.0.0.1:" + socket.getLocalPort());
        }
        org.tinyp2p.protocol.RemotePeer member = ServerFixture.dialer(PASSWORD).peer(server.url());
        for (int from = 0; from < hung.size(); from += org.tinyp2p.peer.PeerList.PER_ANSWER) {
            member.exchangePeers(hung.subList(from, from + org.tinyp2p.peer.PeerList.PER_ANSWER).toArray());
        }
        // 48 rechecks of 4 s each on 8 threads: half a minute. The joiner's call-back has a lane of its own, one
        // call-back at a time per calling address; here all call from 127.0.0.1, so the member's own (its first
        // entry, 4 s) is let end first. start() waits at most 10 s for the server to take the joiner in.
        Thread.sleep(5_000);
        TinyServer joiner = servers.start(folder("b"), PASSWORD, server.url());
        assertTrue(server.peers().isLive(joiner.url()), servers.log());
    }

    @Test
    void aManInTheMiddleWhoEndsTlsHimselfIsCaughtAndNothingIsWritten() throws Exception {
        Path a = folder("a");
        write(a, "secret.txt", "secret".getBytes(StandardCharsets.UTF_8));
        TinyServer server = servers.start(a, PASSWORD, null);
        Relay mitm = new Relay(server.url().port(), true);
        closeLater.add(mitm);
        Path into = folder("into");
        Cli.Result run = client(into, mitm.url());
        assertEquals(1, run.exitCode(), context(run));
        // the server sees our proof name the man's certificate, refuses, and says so; were he to hide that, our
        // side would find the server's proof naming another certificate than the one we see
        assertEquals("tinyp2p: " + mitm.url() + " is not a member of this network: it saw us prove the password over another"
                + " certificate than its own: someone is in the middle of the connection\n", run.err(), context(run));
        assertTrue(servers.log().contains("it proves the password over another certificate than ours"), servers.log());
        assertEquals(1, run.err().lines().count(), context(run));
        assertEquals(Set.of(), contents(into).keySet());
        assertFalse(mitm.recorded().contains("secret"), "nothing of the files passed the man in the middle");
    }

    @Test
    void aRecordingOfAWholeRunHoldsNoFileBytesNamesTokensOrPassword() throws Exception {
        Path a = folder("a");
        String marker = "MARKER-" + "x7q".repeat(5);
        write(a, "diary-of-" + marker + ".txt", (marker + " dear diary").getBytes(StandardCharsets.UTF_8));
        write(a, "big.bin", (marker + "\n").repeat(300_000).getBytes(StandardCharsets.UTF_8)); // over the raw path, a few MB
        TinyServer server = servers.start(a, PASSWORD, null);
        Relay tap = new Relay(server.url().port(), false);
        closeLater.add(tap);
        Path into = folder("into");
        Cli.Result run = client(into, tap.url());
        assertEquals(0, run.exitCode(), context(run));
        assertEquals(2, contents(into).size(), context(run));
        String recorded = tap.recorded();
        assertTrue(recorded.length() > 3_000_000, "the files passed the tap: " + recorded.length() + " bytes");
        for (String secret : List.of(marker, "diary-of", "big.bin", "tinyp2p v3:", "tinyp2p-v3", PASSWORD, "methodCall", "/files/")) {
            assertFalse(recorded.contains(secret), "the recording holds '" + secret + "'");
        }
    }

    @Test
    void aMemberRelayingACallersRequestsToAnotherServerGetsNothing() throws Exception {
        Path a = folder("a");
        write(a, "secret.txt", "secret".getBytes(StandardCharsets.UTF_8));
        TinyServer real = servers.start(a, PASSWORD, null);
        byte[] fake = "decoy!".getBytes(StandardCharsets.UTF_8);
        AtomicInteger realAnswer = new AtomicInteger();
        AtomicReference<String> relayed = new AtomicReference<>();
        FakePeer relay = new FakePeer(PASSWORD, (self, method) -> switch (method) {
            case "ping" -> FakePeer.response(FakePeer.strings(List.of(self)));
            case "list" -> FakePeer.response(FakePeer.listing("secret.txt", fake.length, ReliabilityIT.sha256(fake), true));
            default -> null;
        }).onGet(exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            relayed.set(authorization);
            try {
                HttpResponse<String> answer = TestTls.http().send(HttpRequest.newBuilder(URI.create(TestTls.https(real.url()) + "/files/secret.txt"))
                        .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
                realAnswer.set(answer.statusCode());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        closeLater.add(relay);
        Cli.Result run = client(folder("into"), relay.url());
        assertTrue(relayed.get() != null && relayed.get().startsWith("tinyp2p v3:"), "the member got a signed request: " + relayed.get());
        assertEquals(419, realAnswer.get(), "the real server knows no such session\n" + context(run));
    }

    @Test
    void repeatedWrongPasswordsFromOneAddressAreSlowed() throws Exception {
        TinyServer server = servers.start(folder("a"), PASSWORD, null);
        for (int i = 0; i < 5; i++) { // FailedAttempts.ALLOWED
            org.tinyp2p.protocol.PeerException e = org.junit.jupiter.api.Assertions.assertThrows(org.tinyp2p.protocol.PeerException.class,
                    () -> TestTls.session(server.url(), "guess"));
            assertEquals(server.url() + " refused the password", e.getMessage());
        }
        org.tinyp2p.protocol.PeerException slowed = org.junit.jupiter.api.Assertions.assertThrows(org.tinyp2p.protocol.PeerException.class,
                () -> TestTls.session(server.url(), PASSWORD));
        assertTrue(slowed.getMessage().contains("too many wrong passwords from your address; try again in"), slowed.getMessage());
    }

    /**
     * Between a client and a server on loopback: either a plain TCP tap that records what crosses (TLS
     * passes through it untouched), or a man in the middle who ends TLS with a certificate of his own,
     * opens his own TLS connection to the server, and relays what he reads.
     */
    static final class Relay implements AutoCloseable {
        private final ServerSocket listener;
        private final ByteArrayOutputStream recording = new ByteArrayOutputStream();
        private final List<Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();

        Relay(int serverPort, boolean terminateTls) throws IOException {
            ServerIdentity own = ServerIdentity.generate();
            listener = terminateTls
                    ? own.context().getServerSocketFactory().createServerSocket(0, 16, InetAddress.getLoopbackAddress())
                    : new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket client = listener.accept();
                        Socket server = terminateTls ? TestTls.socket("127.0.0.1", serverPort) : new Socket("127.0.0.1", serverPort);
                        open.add(client);
                        open.add(server);
                        pump(client, server);
                        pump(server, client);
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
        }

        private void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[65536];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        synchronized (recording) {
                            recording.write(buffer, 0, n);
                        }
                        out.write(buffer, 0, n);
                    }
                } catch (IOException ended) {
                    // one side went away
                } finally {
                    try {
                        from.close();
                        to.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        String url() {
            return "http://127.0.0.1:" + listener.getLocalPort();
        }

        String recorded() {
            synchronized (recording) {
                return recording.toString(StandardCharsets.ISO_8859_1);
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
