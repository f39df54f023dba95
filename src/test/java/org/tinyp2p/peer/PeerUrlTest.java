package org.tinyp2p.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PeerUrlTest {
    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8000", "http://localhost:1", "http://my-pc.lan:65535", "http://[::1]:8080", "http://HOST:80"})
    void acceptsExactlyHttpHostPort(String text) {
        assertTrue(PeerUrl.parse(text).isPresent(), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "127.0.0.1:8000", "https://a:1", "http://a", "http://a:0", "http://a:65536", "http://a:1/",
        "http://a:1/RPC2", "http://user@a:1", "http://a:1?x", "file:///etc/passwd", "http://a b:1", "http://-a:1",
        "http://a:1\n", "ftp://a:1", "http://a:99999999999", "http://a:1#x"})
    void refusesAnythingElse(String text) {
        assertTrue(PeerUrl.parse(text).isEmpty(), text);
    }

    @Test
    void normalisesCaseAndForgivesOneTypedSlash() {
        assertEquals("http://my-pc:80", PeerUrl.parse("http://My-PC:80").orElseThrow().toString());
        assertEquals("http://a:1", PeerUrl.parseTyped("http://a:1/").orElseThrow().toString());
        assertTrue(PeerUrl.parse("http://a:1/").isEmpty(), "from the wire, no slash is forgiven");
    }

    @Test
    void peerListDropsInvalidEntriesAndStopsAtItsCap() {
        PeerList list = new PeerList();
        List<PeerUrl> added = list.merge(List.of("http://a:1", "junk", 42, "http://a:1", "http://b:2"));
        assertEquals(List.of("http://a:1", "http://b:2"), added.stream().map(PeerUrl::toString).toList());
        for (int i = 0; i < PeerList.MAX_PEERS * 2; i++) {
            list.merge(List.of("http://h" + i + ":1"));
        }
        assertEquals(PeerList.MAX_CANDIDATES + PeerList.PER_ANSWER, list.size(), "addresses nobody proved stop well below the list's cap");
    }

    @Test
    void aPeerMissingThreeRoundsIsNoLongerHandedOutUntilItAnswersOrIsNamed() {
        PeerList list = new PeerList();
        PeerUrl peer = PeerUrl.parse("http://a:1").orElseThrow();
        list.add(peer);
        assertTrue(list.proven(peer));
        assertFalse(list.missed(peer));
        assertFalse(list.missed(peer));
        assertTrue(list.missed(peer), "the third miss drops it");
        assertEquals(List.of(), list.live());
        assertTrue(list.contains(peer), "still known, still tried");
        assertTrue(list.answered(peer), "answering takes it back");
        assertEquals(List.of(peer), list.live());
        for (int i = 0; i < 3; i++) {
            list.missed(peer);
        }
        assertEquals(List.of(), list.merge(List.of("http://a:1")), "being named only gets it tried again");
        assertEquals(List.of(peer), list.droppedAmong(List.of("http://a:1", "http://b:2")));
        assertFalse(list.isLive(peer));
    }

    @Test
    void learnedAddressesAreCandidatesUntilTheyProveMembership() {
        PeerList list = new PeerList();
        PeerUrl self = PeerUrl.parse("http://me:1").orElseThrow();
        list.proven(self);
        List<PeerUrl> learned = list.merge(List.of("http://a:1", "http://b:2"));
        assertEquals(List.of(self), list.live(), "nothing learned is handed out before it proves membership");
        assertEquals(3, list.snapshot().size(), "but each is known, to be called");
        assertTrue(list.proven(learned.get(1)), "the first proof is news");
        assertFalse(list.proven(learned.get(1)), "the second is not");
        assertEquals(List.of(self, learned.get(1)), list.live());
        assertEquals(List.of(learned.get(0)), list.droppedAmong(List.of("http://a:1", "http://b:2")), "the unproven one is worth calling");
    }

    @Test
    void oneAnswerAddsAtMostAFewAndCandidatesLeaveRoomForServersThatCall() {
        PeerList list = new PeerList();
        List<String> flood = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            flood.add("http://10.0." + i / 250 + "." + i % 250 + ":1");
        }
        assertEquals(PeerList.PER_ANSWER, list.merge(flood).size(), "one answer, a few new addresses");
        for (int round = 0; list.merge(flood.subList(round * 16, flood.size())).size() > 0; round++) {
            // the same member, again and again
        }
        assertEquals(PeerList.MAX_CANDIDATES, list.size(), "candidates stop at their cap");
        assertEquals(List.of(PeerUrl.parse("http://192.168.1.7:8000").orElseThrow()),
                list.merge(List.of("http://192.168.1.7:8000", "http://10.9.9.9:1")), "a server's own URL comes first in its list: it gets in");
        for (int i = 0; i < 2000; i++) {
            list.merge(List.of("http://172.16." + i / 250 + "." + i % 250 + ":1", "http://10.9.9.9:1"));
        }
        assertTrue(list.size() <= PeerList.MAX_CANDIDATES + PeerList.PER_ANSWER, "first entries get a little room, never all: " + list.size());
        for (int i = 0; i < PeerList.MAX_PEERS; i++) {
            list.merge(List.of("http://10.1." + i / 250 + "." + i % 250 + ":1"));
        }
        assertTrue(list.proven(PeerUrl.parse("http://192.168.1.50:8000").orElseThrow()), "a server that proved membership always finds room");
    }

    @Test
    void anAddressThatKeepsFailingIsForgottenButNotBeforeItsTime() {
        long[] now = {1_000_000};
        PeerList list = new PeerList(() -> now[0]);
        PeerUrl dead = PeerUrl.parse("http://10.0.0.1:1").orElseThrow();
        PeerUrl gone = PeerUrl.parse("http://10.0.0.2:1").orElseThrow();
        list.merge(List.of(dead.toString()));
        list.proven(gone);
        for (int round = 0; round < 5; round++) {
            list.missed(dead);
            list.missed(gone);
            now[0] += 60_000;
        }
        assertTrue(list.contains(dead) && list.contains(gone), "five minutes of failures: still tried");
        now[0] += PeerList.FORGET_AFTER_MILLIS;
        list.missed(dead);
        list.missed(gone);
        assertFalse(list.contains(dead), "a candidate that never answered is forgotten");
        assertFalse(list.contains(gone), "so is a server that stopped answering long ago");
    }
}
