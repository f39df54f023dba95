package org.tinyp2p.client;

import static org.tinyp2p.testing.Names.name;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.files.SharedName;
import org.tinyp2p.protocol.ListedFile;
import org.tinyp2p.protocol.Protocol;
import org.tinyp2p.protocol.RemotePeer;

class BatchTest {
    final RemotePeer one = FetchPlanTest.DIALER.peer(PeerUrl.parse("http://127.0.0.1:1").orElseThrow());
    final RemotePeer two = FetchPlanTest.DIALER.peer(PeerUrl.parse("http://127.0.0.1:2").orElseThrow());
    final Map<SharedName, List<Candidate>> offers = new TreeMap<>();

    void offer(RemotePeer peer, String name, long size, String sha256, boolean raw) {
        offers.computeIfAbsent(name(name), n -> new ArrayList<>()).add(new Candidate(peer, new ListedFile(name, size, sha256, raw), name(name)));
    }

    static String sha(int i) {
        return String.format("%064x", i);
    }

    List<Batch> batches(boolean raw, int parallel) {
        return Batch.of(FetchPlan.of(offers, name -> false).contents(), raw, parallel);
    }

    static List<List<String>> names(List<Batch> batches) {
        return batches.stream().map(b -> b.contents().stream().map(c -> c.first().name().wire()).toList()).toList();
    }

    @Test
    void smallFilesOfOnePeerAreBundledInPlanOrderAndTheRestComeAlone() {
        offer(one, "a", 10, sha(1), true);
        offer(one, "b", Protocol.MAX_BUNDLED_FILE + 1, sha(2), true); // too large
        offer(one, "c", 10, null, true); // nothing to verify it by: the plan refuses it
        offer(one, "d", 10, sha(4), false); // no raw path
        offer(one, "e", 0, sha(5), true); // nothing to fetch
        offer(two, "f", 10, sha(6), true);
        offer(one, "g", 10, sha(7), true);
        offer(two, "h", 10, sha(8), true);
        List<Batch> batches = batches(true, 4);
        assertEquals(List.of(List.of("a", "g"), List.of("b"), List.of("d"), List.of("e"), List.of("f", "h")), names(batches));
        assertTrue(batches.get(0).bundled());
        assertEquals(one, batches.get(0).peer());
        assertEquals(List.of("a", "g"), batches.get(0).files().stream().map(f -> f.name()).toList());
        assertFalse(batches.get(1).bundled());
        assertEquals(two, batches.get(4).peer());
    }

    @Test
    void withoutTheRawPathNothingIsBundled() {
        offer(one, "a", 10, sha(1), true);
        offer(one, "b", 10, sha(2), true);
        assertEquals(List.of(List.of("a"), List.of("b")), names(batches(false, 4)));
    }

    @Test
    void bundlesAreCutSoEveryDownloadThreadGetsSomeAndNeverPastTheLimits() {
        for (int i = 0; i < 1000; i++) {
            offer(one, String.format("f%04d", i), 4096, sha(i), true);
        }
        List<Batch> batches = batches(true, 4);
        assertTrue(batches.stream().allMatch(b -> b.contents().size() == Protocol.MAX_BUNDLE_FILES || b == batches.get(batches.size() - 1)));
        assertEquals(1000, batches.stream().mapToInt(b -> b.contents().size()).sum());
        offers.clear();
        for (int i = 0; i < 20; i++) {
            offer(one, String.format("f%04d", i), 4096, sha(i), true);
        }
        assertEquals(List.of(5, 5, 5, 5), batches(true, 4).stream().map(b -> b.contents().size()).toList());
        offers.clear();
        for (int i = 0; i < 20; i++) {
            offer(one, String.format("f%04d", i), Protocol.MAX_BUNDLED_FILE, sha(i), true);
        }
        assertTrue(batches(true, 1).stream().allMatch(b -> b.contents().size() * (long) Protocol.MAX_BUNDLED_FILE <= Protocol.MAX_BUNDLE_BYTES));
    }

    @Test
    void aBundleOfOneIsNoBundle() {
        offer(one, "a", 10, sha(1), true);
        offer(two, "b", 10, sha(2), true);
        assertTrue(batches(true, 4).stream().noneMatch(Batch::bundled));
    }

    @Test
    void copiesOfOneContentTravelWithIt() {
        offer(one, "a", 10, sha(1), true);
        offer(one, "a-copy", 10, sha(1), true);
        offer(one, "b", 10, sha(2), true);
        List<Batch> batches = batches(true, 4);
        assertEquals(1, batches.size());
        assertEquals(List.of("a", "a-copy"), batches.get(0).contents().get(0).names().stream().map(w -> w.name().wire()).toList());
        assertEquals(List.of("a", "b"), batches.get(0).files().stream().map(f -> f.name()).toList(), "the bytes are asked for once");
    }
}
