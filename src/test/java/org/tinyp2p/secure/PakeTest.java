package org.tinyp2p.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The exchange as a property: it succeeds for the same password and fails for every other, on both sides. */
class PakeTest {
    static final String CERT = "c".repeat(64);
    static final String URL = "http://127.0.0.1:8000";

    /** Runs the exchange in the order the wire carries it; the session keys both sides derived. */
    static byte[][] exchange(String clientPassword, String serverPassword, String certSeen, String serverCert) throws Pake.Failed {
        Pake client = Pake.client(clientPassword.toCharArray(), certSeen);
        Pake server = Pake.server(serverPassword.toCharArray(), serverCert, URL);
        PakeMessage c1 = roundTrip(client.round1());
        server.takeRound1(c1);
        PakeMessage s12 = roundTrip(new PakeMessage().putAll("r1.", server.round1()).putAll("r2.", server.round2()));
        client.takeRound1(s12.part("r1."));
        assertEquals(URL, client.serverUrl(), "the caller learns, under the proofs, which server it reached");
        PakeMessage c23 = roundTrip(new PakeMessage().putAll("r2.", client.round2()).putAll("r3.", unconfirmed(client, s12)));
        server.takeRound2(c23.part("r2."));
        server.takeRound3(c23.part("r3."));
        client.takeRound3(roundTrip(server.round3()));
        return new byte[][] {client.sessionKey(), server.sessionKey()};
    }

    private static PakeMessage unconfirmed(Pake client, PakeMessage s12) throws Pake.Failed {
        client.takeRound2(s12.part("r2."));
        return client.round3();
    }

    private static PakeMessage roundTrip(PakeMessage m) {
        return PakeMessage.parse(m.encode()).orElseThrow();
    }

    @Test
    void theSamePasswordGivesBothSidesOneKey() throws Exception {
        for (String password : List.of("hunter2", "pässwörd", "密码🔑", "a", " spaces and\ttabs ", "x".repeat(1000))) {
            byte[][] keys = exchange(password, password, CERT, CERT);
            assertArrayEquals(keys[0], keys[1], password);
            assertEquals(Pake.KEY_BYTES, keys[0].length);
        }
    }

    @Test
    void everyOtherPasswordFailsAtKeyConfirmation() {
        Random random = new Random(10);
        for (int i = 0; i < 30; i++) {
            String right = randomPassword(random);
            String wrong = i % 3 == 0 ? right + "x" : i % 3 == 1 ? right.substring(0, right.length() - 1) + "\u00e9" : randomPassword(random);
            if (wrong.equals(right)) {
                continue;
            }
            Pake.Failed failed = assertThrows(Pake.Failed.class, () -> exchange(wrong, right, CERT, CERT), right + " / " + wrong);
            assertEquals(Pake.Failure.NOT_CONFIRMED, failed.failure());
        }
    }

    @Test
    void passwordsThatDifferOnlyInNormalisationOrCaseDiffer() {
        assertThrows(Pake.Failed.class, () -> exchange("Hunter2", "hunter2", CERT, CERT));
        assertThrows(Pake.Failed.class, () -> exchange("e\u0301", "\u00e9", CERT, CERT));
    }

    @Test
    void aManInTheMiddleWithHisOwnCertificateIsCaughtEvenWithThePasswordRelayed() {
        Pake.Failed failed = assertThrows(Pake.Failed.class, () -> exchange("pw", "pw", "d".repeat(64), CERT));
        assertEquals(Pake.Failure.OTHER_CERTIFICATE, failed.failure());
    }

    @Test
    void noTwoExchangesShareAKey() throws Exception {
        assertFalse(java.util.Arrays.equals(exchange("pw", "pw", CERT, CERT)[0], exchange("pw", "pw", CERT, CERT)[0]));
    }

    @Test
    void tamperedOrMalformedMessagesAreRefused() {
        Pake server = Pake.server("pw".toCharArray(), CERT, URL);
        PakeMessage c1 = Pake.client("pw".toCharArray(), CERT).round1();
        PakeMessage tampered = new PakeMessage().putAll("", c1).put("zkp1r", "1");
        assertEquals(Pake.Failure.INVALID, assertThrows(Pake.Failed.class, () -> server.takeRound1(tampered)).failure());
        assertEquals(Pake.Failure.INVALID, assertThrows(Pake.Failed.class,
                () -> Pake.server("pw".toCharArray(), CERT, URL).takeRound1(new PakeMessage().putAll("", c1).put("gx1", "00"))).failure());
        assertFalse(PakeMessage.parse("id x\nid y\n".getBytes(StandardCharsets.UTF_8)).isPresent(), "a repeated field");
        assertFalse(PakeMessage.parse(new byte[PakeMessage.MAX_BYTES + 1]).isPresent(), "too large");
    }

    @Test
    void aServerIdWithoutItsUrlOrWithAnotherCertificateIsRefusedByTheCaller() throws Exception {
        Pake client = Pake.client("pw".toCharArray(), CERT);
        Pake server = Pake.server("pw".toCharArray(), CERT, URL);
        server.takeRound1(client.round1());
        PakeMessage round1 = server.round1();
        PakeMessage renamed = new PakeMessage().putAll("", round1).put("id", Pake.SERVER + CERT + " ");
        assertEquals(Pake.Failure.INVALID, assertThrows(Pake.Failed.class, () -> Pake.client("pw".toCharArray(), CERT).takeRound1(renamed)).failure());
        PakeMessage relabelled = new PakeMessage().putAll("", round1).put("id", Pake.SERVER + CERT + " http://127.0.0.2:8000");
        assertEquals(Pake.Failure.INVALID, assertThrows(Pake.Failed.class, () -> Pake.client("pw".toCharArray(), CERT).takeRound1(relabelled)).failure(),
                "the proofs cover the URL: it cannot be changed on the way");
    }

    private static String randomPassword(Random random) {
        StringBuilder s = new StringBuilder();
        int length = 1 + random.nextInt(20);
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(random.nextBoolean() ? 'a' + random.nextInt(26) : 0x80 + random.nextInt(0x2000));
        }
        return s.toString();
    }
}
