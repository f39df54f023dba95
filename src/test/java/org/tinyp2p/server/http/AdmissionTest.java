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
        final Phase phase;
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
        assertFalse(door.admit(new Fake("10.2.0.1", false, Phase.HANDSHAKE, 1000)).admitted(), "strangers' room is full");
        for (int i = 0; i < Admission.RESERVED; i++) {
            assertTrue(door.admit(new Fake("10.3." + (i / 50) + "." + (i % 50 + 1), true, Phase.HANDSHAKE, 2000 + i)).admitted(), "member " + i);
        }
        assertFalse(door.admit(new Fake("10.4.0.1", true, Phase.HANDSHAKE, 5000)).admitted(), "the whole door is full");
    }
}
