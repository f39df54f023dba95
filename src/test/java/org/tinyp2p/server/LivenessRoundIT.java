package org.tinyp2p.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.Report;
import org.tinyp2p.peer.PeerList;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.Timeouts;
import org.tinyp2p.testing.ServerFixture;

/** Candidates that never answer cannot hold back a liveness round's pings of live servers, nor hold a round for long. */
class LivenessRoundIT {
    @TempDir
    Path shared;
    final ServerFixture servers = new ServerFixture();
    final List<ServerSocket> hung = new ArrayList<>();
    final ExecutorService background = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() throws Exception {
        background.shutdownNow();
        for (ServerSocket socket : hung) {
            socket.close();
        }
        servers.close();
    }

    @Test
    void liveServersArePingedFirstAndARoundEndsWithinItsWait() throws Exception {
        PeerList peers = new PeerList();
        for (int i = 0; i < 24; i++) { // accept in the kernel's backlog, never answer: each ping waits out its limits
            ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            hung.add(socket);
            peers.add(PeerUrl.parse("http://127.0.0.1:" + socket.getLocalPort()).orElseThrow());
        }
        TinyServer live = servers.start(shared, "pw", null);
        peers.proven(live.url());
        List<String> log = new CopyOnWriteArrayList<>();
        Report report = new Report() {
            @Override public void info(String line) { log.add(line); }
            @Override public void warn(String line) { log.add(line); }
            @Override public void debug(String line) { log.add(line); }
        };
        try (Liveness liveness = new Liveness(PeerUrl.parse("http://127.0.0.1:1").orElseThrow(), peers,
                new org.tinyp2p.protocol.PeerDialer("pw".toCharArray(), Set.of(), Timeouts.PATIENT), report, Set.of(), Duration.ofSeconds(3))) {
            long began = System.nanoTime();
            Future<?> round = background.submit(() -> {
                liveness.round();
                return null;
            });
            String answered = "liveness: " + live.url() + " answered";
            while (!log.contains(answered) && System.nanoTime() - began < TimeUnit.SECONDS.toNanos(20)) {
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            assertTrue(log.contains(answered) && seconds < 8, "the live server was pinged first (" + seconds + " s)\n" + log);
            round.get(10, TimeUnit.SECONDS); // the round gave up waiting after 3 s; its hung pings go on
            assertTrue((System.nanoTime() - began) / 1e9 < 10, "the round ended within its wait\n" + log);
            liveness.round(); // the hung pings still under way are not asked again
        }
    }
}
