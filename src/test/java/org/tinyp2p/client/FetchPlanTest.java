package org.tinyp2p.client;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tinyp2p.testing.Names.name;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.files.SharedName;
import org.tinyp2p.protocol.ListedFile;
import org.tinyp2p.protocol.PeerDialer;
import org.tinyp2p.protocol.RemotePeer;
import org.tinyp2p.testing.ServerFixture;

class FetchPlanTest {
    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);
    static final PeerDialer DIALER = ServerFixture.dialer("plan");
    final RemotePeer one = DIALER.peer(PeerUrl.parse("http://127.0.0.1:1").orElseThrow());
    final RemotePeer two = DIALER.peer(PeerUrl.parse("http://127.0.0.1:2").orElseThrow());
    static final PeerUrl ORIGINAL = PeerUrl.parse("http://127.0.0.1:3").orElseThrow();
    /** An original TinyP2P peer: it lists no hashes. */
    final RemotePeer old = new PeerDialer("plan".toCharArray(), Set.of(ORIGINAL), org.tinyp2p.protocol.Timeouts.DEFAULT).peer(ORIGINAL);
    final Map<SharedName, List<Candidate>> offers = new TreeMap<>();

    void offer(RemotePeer peer, String name, long size, String sha256) {
        offers.computeIfAbsent(name(name), n -> new java.util.ArrayList<>())
                .add(new Candidate(peer, new ListedFile(name, size, sha256, !peer.isLegacy()), name(name)));
    }

    static List<List<String>> names(FetchPlan plan) {
        return plan.contents().stream().map(c -> c.names().stream().map(w -> w.name().wire()).toList()).toList();
    }

    @Test
    void namesWithTheSameBytesAreOneContentFetchedOnce() {
        for (int i = 0; i < 3; i++) {
            offer(one, "copy" + i, 11, A);
        }
        offer(two, "other", 11, A);
        offer(one, "empty1", 0, B);
        offer(one, "empty2", 0, B);
        offer(one, "alone", 5, "c".repeat(64));
        FetchPlan plan = FetchPlan.of(offers, name -> false);
        assertEquals(List.of(List.of("alone"), List.of("copy0", "copy1", "copy2", "other"), List.of("empty1", "empty2")), names(plan));
        assertEquals(7, plan.files());
        assertEquals(16, plan.bytes(), "each content's bytes once");
    }

    @Test
    void sameHashButAnotherSizeIsAnotherContent() {
        offer(one, "x", 11, A);
        offer(one, "y", 12, A);
        assertEquals(List.of(List.of("x"), List.of("y")), names(FetchPlan.of(offers, name -> false)));
    }

    @Test
    void namesAlreadyHereAreLeftOutAndTheRestStillShareTheirBytes() {
        offer(one, "copy0", 11, A);
        offer(one, "copy1", 11, A);
        offer(one, "copy2", 11, A);
        FetchPlan plan = FetchPlan.of(offers, name -> name.wire().equals("copy0"));
        assertEquals(List.of(List.of("copy1", "copy2")), names(plan));
        assertEquals(List.of("copy0"), plan.present().stream().map(Candidate::wire).toList());
        assertEquals(11, plan.bytes());
    }

    @Test
    void namesWithoutAHashStandAlone() {
        offer(old, "p", 3, null);
        offer(old, "q", 3, null);
        assertEquals(List.of(List.of("p"), List.of("q")), names(FetchPlan.of(offers, name -> false)));
    }

    @Test
    void whatCannotBeVerifiedIsRefusedInThePlanSoADryRunSaysWhatTheRunWillDo() {
        offer(one, "small", 3, null); // a server of ours hashes small files before it lists them: not one of ours
        offer(one, "large", org.tinyp2p.files.HashCache.INLINE_LIMIT + 1, null); // its hash never came
        offer(old, "original", 3, null); // an original peer has no hashes: fetched as it was
        FetchPlan plan = FetchPlan.of(offers, name -> false);
        assertEquals(List.of(List.of("original")), names(plan));
        assertEquals(List.of("large", "small"), plan.refused().stream().map(r -> r.chosen().wire()).toList());
        assertTrue(plan.refused().get(0).reason().contains("did not finish hashing it"), plan.refused().get(0).reason());
        assertEquals("no peer listed its SHA-256, so it could not be verified", plan.refused().get(1).reason());
    }

    @Test
    void theVersionWithAHashIsChosenAndOnlyItsHoldersFetchIt() {
        offer(one, "f", 11, null);
        offer(two, "f", 11, A);
        offer(one, "g", 11, A);
        offer(two, "g", 11, B);
        FetchPlan plan = FetchPlan.of(offers, name -> false);
        assertEquals(List.of(List.of("f", "g")), names(plan));
        FetchPlan.Wanted f = plan.contents().get(0).first();
        assertEquals(List.of(two), f.holders().stream().map(Candidate::peer).toList());
        FetchPlan.Wanted g = plan.contents().get(0).names().get(1);
        assertEquals(List.of(one), g.holders().stream().map(Candidate::peer).toList(), "the holder of other bytes under that name is not asked");
    }
}
