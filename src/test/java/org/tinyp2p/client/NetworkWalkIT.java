package org.tinyp2p.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.tinyp2p.Report;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.testing.FakePeer;
import org.tinyp2p.testing.ServerFixture;

/** A member names many servers that accept and never answer: the walk's time is bounded, not their number's. */
class NetworkWalkIT {
    @Test
    void aMemberNamingManyHungServersCostsTheWalkItsBudgetNotTheirNumberOfTimeouts() throws Exception {
        List<ServerSocket> hung = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        ExecutorService askers = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 12; i++) { // the kernel accepts for a socket that listens; nothing ever answers
                ServerSocket socket = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
                hung.add(socket);
                urls.add("http://127.0.0.1:" + socket.getLocalPort());
            }
            List<String> named = new ArrayList<>(urls);
            try (FakePeer member = new FakePeer("pw", (self, method) -> "ping".equals(method)
                    ? FakePeer.response(FakePeer.strings(concat(self, named))) : null)) {
                List<String> warnings = new CopyOnWriteArrayList<>();
                Report report = new Report() {
                    @Override public void info(String line) { }
                    @Override public void warn(String line) { warnings.add(line); }
                    @Override public void debug(String line) { }
                };
                long began = System.nanoTime();
                // 12 hung servers, 4 asked at a time, each costing the 4 s wait for an answer: 12 s without a budget
                NetworkWalk.Result result = new NetworkWalk(ServerFixture.dialer("pw"), askers, report, Duration.ofSeconds(2))
                        .from(PeerUrl.parse(member.url()).orElseThrow());
                Duration took = Duration.ofNanos(System.nanoTime() - began);
                assertEquals(1, result.reached().size(), warnings.toString());
                assertEquals(4, result.unreachable().size(), "the first four were asked and timed out: " + warnings);
                assertTrue(warnings.contains("Walked the network for 2 s: 8 servers named by others were not asked in time"),
                        warnings.toString());
                assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "took " + took);
            }
        } finally {
            askers.shutdownNow();
            for (ServerSocket socket : hung) {
                socket.close();
            }
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
