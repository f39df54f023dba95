package org.tinyp2p.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tinyp2p.Report;
import org.tinyp2p.peer.PeerList;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.testing.ServerFixture;

class LivenessTest {
    static PeerUrl url(String text) {
        return PeerUrl.parse(text).orElseThrow();
    }

    @Test
    void aServerOnTheLanNeverCallsLocalOnlyAddressesOthersNamedButCallsTheSeedItWasGiven() {
        PeerUrl seed = url("http://127.0.0.1:9000");
        try (Liveness liveness = new Liveness(url("http://192.0.2.1:8000"), new PeerList(), ServerFixture.dialer("pw"), Report.SILENT, Set.of(seed))) {
            for (String local : new String[] {"http://127.0.0.1:22", "http://127.9.9.9:80", "http://localhost:631", "http://169.254.169.254:80",
                "http://0.0.0.0:8000", "http://224.0.0.1:5353", "http://[::1]:8000", "http://[fe80::1]:8000"}) {
                assertFalse(liveness.mayCall(url(local)), local);
            }
            assertTrue(liveness.mayCall(url("http://192.0.2.5:8000")));
            assertTrue(liveness.mayCall(seed), "the user named it");
        }
    }

    @Test
    void aServerOnLoopbackCallsLoopbackPeers() {
        try (Liveness liveness = new Liveness(url("http://127.0.0.1:8000"), new PeerList(), ServerFixture.dialer("pw"), Report.SILENT, Set.of())) {
            assertTrue(liveness.mayCall(url("http://127.0.0.1:8001")), "a network on one machine, as tests run");
        }
    }
}
