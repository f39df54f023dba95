package org.tinyp2p.secure;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A server's TLS identity: a fresh EC P-256 key pair and a self-signed certificate, made in memory when the
 * server starts and never written anywhere. Nobody trusts it for what it is: the password exchange
 * ({@link Pake}) binds membership to its fingerprint, which is what peers then pin.
 */
public final class ServerIdentity {
    private final X509Certificate certificate;
    private final SSLContext context;

    private ServerIdentity(X509Certificate certificate, SSLContext context) {
        this.certificate = certificate;
        this.context = context;
    }

    public static ServerIdentity generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            byte[] serial = new byte[16];
            new SecureRandom().nextBytes(serial);
            X500Name name = new X500Name("CN=tinyp2p peer");
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                    name, new BigInteger(1, serial), Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))),
                    name, keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] none = new char[0];
            store.setKeyEntry("tinyp2p", keys.getPrivate(), none, new X509Certificate[] {certificate});
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(store, none);
            SSLContext context = SSLContext.getInstance(Tls.PROTOCOL);
            context.init(managers.getKeyManagers(), null, null);
            return new ServerIdentity(certificate, context);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot make a TLS identity: " + e, e);
        }
    }

    /** For the server's TLS 1.3 endpoint. */
    public SSLContext context() {
        return context;
    }

    /** The SHA-256 of the certificate, as clients see it. */
    public String fingerprint() {
        return Tls.fingerprint(certificate);
    }
}
