package org.tinyp2p.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AdmissionTest {
    static final class Fake implements Admission.Occupant {
        final InetAddress group;
        final boolean trusted;
        Phase phase;
        final long since;

        Fake(String address, boolean trusted, Phase phase, long since) throws Exception {
            this.group = InetAddress.getByName(address);
            this.trusted = trusted;
            this.phase = phase;
            this.since = since;
        }

        @Override public InetAddress group() { return group; }
        @Override public boolean trusted() { return trusted; }
        @Override public Phase phase() { return phase; }
        @Override public long since() { return since; }
    }

    final Admission<Fake> door = new Admission<>();

    @Test
    void aNewcomerOverItsAddressesCapTakesThePlaceOfItsLongestIdle() throws Exception {
        Fake oldestHandshake = new Fake("10.0.0.1", false, Phase.HANDSHAKE, 0);
        assertTrue(door.admit(oldestHandshake).admitted());
        Fake idle = null;
        for (int i = 1; i < Admission.PER_ADDRESS; i++) {
            Fake f = new Fake("10.0.0.1", false, i == 5 ? Phase.IDLE : Phase.WORKING, i);
            idle = i == 5 ? f : idle;
            assertTrue(door.admit(f).admitted());
        }
        Admission.Decision<Fake> next = door.admit(new Fake("10.0.0.1", false, Phase.HANDSHAKE, 100));
        assertTrue(next.admitted());
        assertEquals(idle, next.evicted().orElseThrow(), "idle first, though a handshake is older");
        next = door.admit(new Fake("10.0.0.1", false, Phase.HANDSHAKE, 101));
        assertEquals(oldestHandshake, next.evicted().orElseThrow(), "then the oldest handshake");
        assertEquals(Admission.PER_ADDRESS, door.count());
    }

    @Test
    void connectionsBeingAnsweredKeepTheirPlace() throws Exception {
        for (int i = 0; i < Admission.PER_ADDRESS; i++) {
            door.admit(new Fake("10.0.0.1", false, Phase.WORKING, i));
        }
        assertFalse(door.admit(new Fake("10.0.0.1", false, Phase.HANDSHAKE, 99)).admitted());
        assertTrue(door.admit(new Fake("10.0.0.2", false, Phase.HANDSHAKE, 99)).admitted(), "another address is let in");
    }

    @Test
    void strangersFromManyAddressesCannotTakeTheRoomKeptForMembers() throws Exception {
        for (int i = 0; i < Admission.OPEN; i++) {
            assertTrue(door.admit(new Fake("10.1." + (i / 250) + "." + (i % 250 + 1), false, Phase.HANDSHAKE, i)).admitted());
        }
        Admission.Decision<Fake> stranger = door.admit(new Fake("10.2.0.1", false, Phase.HANDSHAKE, 1000));
        assertTrue(stranger.admitted(), "256 addresses of one connection each cannot keep a newcomer out");
        assertEquals(0, stranger.evicted().orElseThrow().since, "the stranger's connection longest in its handshake");
        for (int i = 0; i < Admission.RESERVED; i++) {
            assertTrue(door.admit(new Fake("10.3." + (i / 50) + "." + (i % 50 + 1), true, Phase.HANDSHAKE, 2000 + i)).admitted(), "member " + i);
        }
        assertEquals(Admission.OPEN, door.all().stream().filter(f -> !f.trusted).count(), "the strangers kept out of the members' room");
        Admission.Decision<Fake> member = door.admit(new Fake("10.4.0.1", true, Phase.HANDSHAKE, 5000));
        assertTrue(member.admitted(), "a member at a full door takes a stranger's place");
        assertFalse(member.evicted().orElseThrow().trusted);
    }

    @Test
    void aFullDoorOfConnectionsBeingAnsweredTurnsNewcomersAway() throws Exception {
        for (int i = 0; i < Admission.OPEN + Admission.RESERVED; i++) {
            door.admit(new Fake("10.8." + (i / 200) + "." + (i % 200 + 1), i >= Admission.OPEN, Phase.WORKING, i));
        }
        assertFalse(door.admit(new Fake("10.9.9.9", true, Phase.HANDSHAKE, 9999)).admitted());
    }

    @Test
    void atAFullDoorWhoeverHoldsFewGetsInByTakingAPlaceFromWhoeverHoldsMost() throws Exception {
        // members gone bad (or a member's former addresses) fill the whole door with idle connections
        for (int a = 0; a < 4; a++) {
            for (int i = 0; i < Admission.PER_TRUSTED_ADDRESS; i++) {
                assertTrue(door.admit(new Fake("10.5.0." + (a + 1), true, Phase.IDLE, a * 1000 + i)).admitted());
            }
        }
        assertEquals(Admission.OPEN + Admission.RESERVED, door.count());
        Admission.Decision<Fake> member = door.admit(new Fake("10.9.0.1", true, Phase.HANDSHAKE, 9000));
        assertTrue(member.admitted(), "a member holding nothing gets in");
        assertEquals(Phase.IDLE, member.evicted().orElseThrow().phase());
        Admission.Decision<Fake> stranger = door.admit(new Fake("10.9.0.2", false, Phase.HANDSHAKE, 9001));
        assertTrue(stranger.admitted(), "so does a newcomer who has not proved the password yet: the hogs are not strangers");
        assertEquals(Admission.OPEN + Admission.RESERVED, door.count());
    }

    @Test
    void aStrangerAtAFullStrangersRoomTakesAPlaceOnlyFromALargerHolder() throws Exception {
        for (int a = 0; a < Admission.OPEN / Admission.PER_ADDRESS; a++) {
            for (int i = 0; i < Admission.PER_ADDRESS; i++) {
                door.admit(new Fake("10.6.0." + (a + 1), false, Phase.HANDSHAKE, a * 100 + i));
            }
        }
        Admission.Decision<Fake> newcomer = door.admit(new Fake("10.6.1.1", false, Phase.HANDSHAKE, 5000));
        assertTrue(newcomer.admitted(), "16 addresses of 16 silent connections cannot keep a 17th address out");
        Fake evicted = newcomer.evicted().orElseThrow();
        assertTrue(evicted.group().getHostAddress().startsWith("10.6.0.") && evicted.since % 100 == 0, "the oldest silence of a largest holder: " + evicted.since);
        Admission.Decision<Fake> again = door.admit(new Fake("10.6.1.1", false, Phase.HANDSHAKE, 5001));
        assertTrue(again.admitted(), "its second: the holders of 16 are still larger than its 2");
    }

    @Test
    void aTrustedAddressHoldsItsManyPlacesForRequestsNotForSilence() throws Exception {
        java.util.List<Fake> in = new java.util.ArrayList<>();
        for (int i = 0; i < Admission.PER_ADDRESS; i++) {
            Fake f = new Fake("10.7.0.1", true, Phase.HANDSHAKE, i);
            door.admit(f);
            in.add(f);
        }
        Admission.Decision<Fake> seventeenth = door.admit(new Fake("10.7.0.1", true, Phase.HANDSHAKE, 100));
        assertEquals(in.get(0), seventeenth.evicted().orElseThrow(), "16 arriving at most: the oldest makes room");
        door.all().forEach(f -> f.phase = Phase.WORKING);
        for (int i = 0; i < Admission.PER_TRUSTED_ADDRESS - Admission.PER_ADDRESS; i++) {
            Fake f = new Fake("10.7.0.1", true, Phase.HANDSHAKE, 200 + i);
            assertEquals(java.util.Optional.empty(), door.admit(f).evicted(), "requests up to " + Admission.PER_TRUSTED_ADDRESS);
            f.phase = Phase.WORKING;
        }
        assertFalse(door.admit(new Fake("10.7.0.1", true, Phase.HANDSHAKE, 999)).admitted(), "all being answered: no place");
    }
}
