package org.tinyp2p.secure;

import java.lang.reflect.Constructor;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.agreement.ecjpake.ECJPAKECurve;
import org.bouncycastle.crypto.agreement.ecjpake.ECJPAKECurves;
import org.bouncycastle.crypto.agreement.ecjpake.ECJPAKEParticipant;
import org.bouncycastle.crypto.agreement.ecjpake.ECJPAKERound1Payload;
import org.bouncycastle.crypto.agreement.ecjpake.ECJPAKERound2Payload;
import org.bouncycastle.crypto.agreement.ecjpake.ECJPAKERound3Payload;
import org.bouncycastle.crypto.agreement.ecjpake.ECSchnorrZKP;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * One side of the password exchange between a caller and a server: EC J-PAKE on NIST P-256 from
 * BouncyCastle, three rounds, the third being key confirmation. Each side's participant id names the server
 * certificate it sees ({@code "tinyp2p-v3 client " + fingerprint}, {@code "tinyp2p-v3 server " + fingerprint +
 * " " + the server's own URL}), and every zero-knowledge proof covers that id, so a man in the middle who ends
 * TLS himself with his own certificate is caught (the ids name two certificates), and a caller learns, under
 * the same proofs, which server it reached (a relay at another address cannot pass for it). The password keys J-PAKE directly; nothing either
 * side sends lets anyone test a password guess offline, and an active attacker gets one guess per exchange.
 */
public final class Pake {
    static final ECJPAKECurve CURVE = ECJPAKECurves.NIST_P256;
    static final String CLIENT = "tinyp2p-v3 client ";
    static final String SERVER = "tinyp2p-v3 server ";
    /** Bytes of the session key derived from the exchange. */
    static final int KEY_BYTES = 32;

    /** Why an exchange failed. */
    public enum Failure {
        /** The other side's messages are malformed or their proofs do not hold. */
        INVALID,
        /** The other side names another certificate than the one this side sees: a man in the middle. */
        OTHER_CERTIFICATE,
        /** Key confirmation failed: the other side does not hold the same password. */
        NOT_CONFIRMED
    }

    public static final class Failed extends Exception {
        private final Failure failure;

        Failed(Failure failure, String message) {
            super(message, null, false, false);
            this.failure = failure;
        }

        public Failure failure() {
            return failure;
        }
    }

    private final ECJPAKEParticipant participant;
    private final String ownId;
    /** The partner's id, or (for a caller, before round 1) the prefix it must have. */
    private String partnerId;
    private final boolean caller;
    private final PakeMessage round1;
    private PakeMessage round2;
    private BigInteger keyingMaterial;
    private PakeMessage round3;

    private Pake(String ownId, String partnerId, char[] password, boolean caller) {
        this.ownId = ownId;
        this.partnerId = partnerId;
        this.caller = caller;
        this.participant = new ECJPAKEParticipant(ownId, password, CURVE);
        // BouncyCastle wants our first round made before the partner's is taken
        this.round1 = encode(participant.createRound1PayloadToSend());
    }

    /** The caller's side; {@code certificateSeen} is the fingerprint of the certificate its TLS connection shows. */
    public static Pake client(char[] password, String certificateSeen) {
        return new Pake(CLIENT + certificateSeen, SERVER + certificateSeen + " ", password, true);
    }

    /** The server's side, for its own certificate and the URL it is known by. */
    public static Pake server(char[] password, String ownCertificate, String ownUrl) {
        if (ownUrl.isEmpty() || ownUrl.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("not a URL: " + ownUrl);
        }
        return new Pake(SERVER + ownCertificate + " " + ownUrl, CLIENT + ownCertificate, password, false);
    }

    /** For a caller, after round 1: the URL the server proves the password as (its own name for itself). */
    public String serverUrl() {
        if (!caller || partnerId.endsWith(" ")) {
            throw new IllegalStateException("only a caller learns it, from round 1");
        }
        return partnerId.substring(partnerId.lastIndexOf(' ') + 1);
    }

    public PakeMessage round1() {
        return round1;
    }

    private static PakeMessage encode(ECJPAKERound1Payload r) {
        return new PakeMessage().put("id", r.getParticipantId())
                .put("gx1", point(r.getGx1())).put("gx2", point(r.getGx2()))
                .put("zkp1v", point(r.getKnowledgeProofForX1().getV())).put("zkp1r", number(r.getKnowledgeProofForX1().getr()))
                .put("zkp2v", point(r.getKnowledgeProofForX2().getV())).put("zkp2r", number(r.getKnowledgeProofForX2().getr()));
    }

    public void takeRound1(PakeMessage m) throws Failed {
        String id = partner(m);
        try {
            participant.validateRound1PayloadReceived(new ECJPAKERound1Payload(id, point(m, "gx1"), point(m, "gx2"),
                    zkp(point(m, "zkp1v"), number(m, "zkp1r")), zkp(point(m, "zkp2v"), number(m, "zkp2r"))));
            // made now: BouncyCastle wants our round 2 made before the partner's is taken
            ECJPAKERound2Payload r = participant.createRound2PayloadToSend();
            round2 = new PakeMessage().put("id", r.getParticipantId()).put("a", point(r.getA()))
                    .put("zkpv", point(r.getKnowledgeProofForX2s().getV())).put("zkpr", number(r.getKnowledgeProofForX2s().getr()));
        } catch (CryptoException | RuntimeException e) {
            throw new Failed(Failure.INVALID, "its first message does not hold (" + e.getMessage() + ")");
        }
    }

    /** Only after {@link #takeRound1}. */
    public PakeMessage round2() {
        if (round2 == null) {
            throw new IllegalStateException("round 1 not taken yet");
        }
        return round2;
    }

    public void takeRound2(PakeMessage m) throws Failed {
        String id = partner(m);
        try {
            participant.validateRound2PayloadReceived(new ECJPAKERound2Payload(id, point(m, "a"), zkp(point(m, "zkpv"), number(m, "zkpr"))));
            keyingMaterial = participant.calculateKeyingMaterial();
            // made now, as BouncyCastle wants, but sent only by whoever's turn it is (the server after checking ours)
            ECJPAKERound3Payload r = participant.createRound3PayloadToSend(keyingMaterial);
            round3 = new PakeMessage().put("id", r.getParticipantId()).put("mac", number(r.getMacTag()));
        } catch (CryptoException | RuntimeException e) {
            throw new Failed(Failure.INVALID, "its second message does not hold (" + e.getMessage() + ")");
        }
    }

    /** Key confirmation: proves this side derived the same key (only after {@link #takeRound2}). */
    public PakeMessage round3() {
        if (round3 == null) {
            throw new IllegalStateException("round 2 not taken yet");
        }
        return round3;
    }

    public void takeRound3(PakeMessage m) throws Failed {
        String id = partner(m);
        BigInteger tag;
        try {
            tag = number(m, "mac");
        } catch (RuntimeException e) {
            throw new Failed(Failure.INVALID, "its confirmation is malformed");
        }
        try {
            participant.validateRound3PayloadReceived(new ECJPAKERound3Payload(id, tag), keyingMaterial);
        } catch (CryptoException e) {
            throw new Failed(Failure.NOT_CONFIRMED, "it does not hold the same password");
        }
    }

    /** The key both sides share once confirmed: HKDF-SHA256 of the J-PAKE keying material and both ids. */
    public byte[] sessionKey() {
        if (participant.getState() < ECJPAKEParticipant.STATE_ROUND_3_VALIDATED) {
            throw new IllegalStateException("the exchange is not confirmed");
        }
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        String ids = ownId.startsWith(CLIENT) ? ownId + "\n" + partnerId : partnerId + "\n" + ownId;
        hkdf.init(new HKDFParameters(keyingMaterial.toByteArray(), null, ("tinyp2p-v3 session key\n" + ids).getBytes(StandardCharsets.UTF_8)));
        byte[] key = new byte[KEY_BYTES];
        hkdf.generateBytes(key, 0, key.length);
        return key;
    }

    /** The partner's id, which must name the certificate this side sees (and, from a server, its URL). */
    private String partner(PakeMessage m) throws Failed {
        String id = m.get("id");
        if (id == null) {
            throw new Failed(Failure.INVALID, "a message names no participant");
        }
        boolean expected = caller && partnerId.endsWith(" ")
                ? id.startsWith(partnerId) && id.length() > partnerId.length() && id.length() <= partnerId.length() + 300
                        && id.substring(partnerId.length()).chars().noneMatch(Character::isWhitespace)
                : id.equals(partnerId);
        if (!expected) {
            String role = partnerId.substring(0, CLIENT.length());
            String roleAndCertificate = partnerId.substring(0, CLIENT.length() + 64);
            boolean otherCertificate = id.startsWith(role) && !id.startsWith(roleAndCertificate);
            throw new Failed(otherCertificate ? Failure.OTHER_CERTIFICATE : Failure.INVALID, otherCertificate
                    ? "it proves the password for another certificate than the one we see" : "it names itself wrongly");
        }
        partnerId = id; // a caller now knows the server's whole id, URL included
        return id;
    }

    private static String point(ECPoint p) {
        return HexFormat.of().formatHex(p.getEncoded(true));
    }

    private static ECPoint point(PakeMessage m, String field) {
        return CURVE.getCurve().decodePoint(HexFormat.of().parseHex(required(m, field)));
    }

    private static String number(BigInteger n) {
        return n.toString(16);
    }

    private static BigInteger number(PakeMessage m, String field) {
        String hex = required(m, field);
        if (hex.length() > 200 || !hex.matches("-?[0-9a-f]+")) {
            throw new IllegalArgumentException(field + " is not a number");
        }
        return new BigInteger(hex, 16);
    }

    private static String required(PakeMessage m, String field) {
        String value = m.get(field);
        if (value == null) {
            throw new IllegalArgumentException("no " + field);
        }
        return value;
    }

    /**
     * BouncyCastle hands its payloads between participants in one process, so its proof class has no public
     * constructor; one that only stores the two values it is given is reached here, for proofs from the wire.
     * BouncyCastle then checks each proof itself.
     */
    private static ECSchnorrZKP zkp(ECPoint v, BigInteger r) {
        try {
            return ZKP.newInstance(v, r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("BouncyCastle's ECSchnorrZKP changed", e);
        }
    }

    private static final Constructor<ECSchnorrZKP> ZKP;

    static {
        try {
            ZKP = ECSchnorrZKP.class.getDeclaredConstructor(ECPoint.class, BigInteger.class);
            ZKP.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
