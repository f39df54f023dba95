package org.tinyp2p.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.testing.ServerFixture;
import org.tinyp2p.testing.TestTls;

/**
 * Connections that say nothing, or one byte, as an attacker opens them: a member's client, from the same
 * address or another, still gets its file within seconds (issue 18).
 */
class DoorIT {
    @TempDir
    Path shared;
    final ServerFixture servers = new ServerFixture();
    final List<Socket> hogs = new ArrayList<>();
    TinyServer server;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(shared.resolve("ok.txt"), "ok");
        server = servers.start(shared, "pw", null);
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket hog : hogs) {
            hog.close();
        }
        servers.close();
    }

    @Test
    void threeHundredIdleTlsConnectionsFromOneAddressLockNobodyOut() throws Exception {
        for (int i = 0; i < 300; i++) {
            try {
                Socket hog = TestTls.socket("127.0.0.1", server.url().port()); // handshake done, then silence
                hogs.add(hog);
            } catch (java.io.IOException turnedAway) {
                // the door may close the oldest to make room; the attacker just goes on
            }
        }
        fetchesWithin(5_000, "after 300 idle TLS connections from the same address");
    }

    @Test
    void slowHeadsOfOneByteFromOneAndFromManyAddressesHoldNoWorker() throws Exception {
        for (int a = 1; a <= 8; a++) {
            for (int i = 0; i < 32; i++) {
                Socket hog = new Socket();
                hog.bind(new InetSocketAddress("127.0.0." + a, 0));
                hog.connect(new InetSocketAddress("127.0.0.1", server.url().port()), 2_000);
                hog.getOutputStream().write(0x16); // a TLS record's first byte, and nothing more
                hog.getOutputStream().flush();
                hogs.add(hog);
            }
        }
        fetchesWithin(5_000, "after 256 one-byte connections from 8 addresses");
    }

    private void fetchesWithin(long millis, String when) throws Exception {
        long start = System.nanoTime();
        byte[] data = ServerFixture.dialer("pw").peer(server.url()).fetch("ok.txt", 0).data().toArray();
        long took = (System.nanoTime() - start) / 1_000_000;
        assertEquals("ok", new String(data, StandardCharsets.UTF_8));
        assertTrue(took <= millis, when + ": the file took " + took + " ms");
    }
}
