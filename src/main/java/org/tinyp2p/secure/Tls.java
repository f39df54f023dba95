package org.tinyp2p.secure;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.HexFormat;
import javax.net.ssl.SSLParameters;

/** What every TLS connection between our peers has in common: TLS 1.3 only, and certificates known by hash. */
public final class Tls {
    public static final String PROTOCOL = "TLSv1.3";

    private Tls() {
    }

    /**
     * AES-GCM, which the JDK runs on the processor's AES instructions (its ChaCha20 is several times slower),
     * 128-bit keys first: as strong as the password that guards them, and faster.
     */
    static final String[] CIPHER_SUITES = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"};

    /** TLS 1.3 and nothing older; no certificate is asked of clients (they prove the password instead). */
    public static void restrict(SSLParameters parameters) {
        parameters.setProtocols(new String[] {PROTOCOL});
        parameters.setCipherSuites(CIPHER_SUITES);
        parameters.setNeedClientAuth(false);
        parameters.setWantClientAuth(false);
    }

    /** Lowercase hex SHA-256 of a certificate's encoding. */
    public static String fingerprint(Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a certificate", e);
        }
    }
}
