package org.tinyp2p.secure;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which certificate each peer showed when it proved the password, and TLS for talking to peers. Certificates
 * are self-signed, so no authority vouches for them: membership is proven by the password exchange, which
 * names the certificate it was made over. So there are two ways to connect: {@link #forExchange} takes any
 * certificate (the exchange itself checks it), {@link #forCalls} only the one its peer is pinned to, and
 * refuses in the TLS handshake, before a byte of a request is sent, a peer that shows another.
 */
public final class PeerTrust {
    /** "host:port" as dialled, to the fingerprint of the certificate that peer proved membership with. */
    private final Map<String, String> pins = new ConcurrentHashMap<>();
    private final SSLSocketFactory exchange;
    private final SSLSocketFactory calls;

    /** A peer showed another certificate than the one it proved the password with. */
    public static final class CertificateChanged extends CertificateException {
        CertificateChanged(String message) {
            super(message);
        }
    }

    public PeerTrust() {
        this.exchange = new RestrictedSockets(context(new Pinning(null)).getSocketFactory());
        this.calls = new RestrictedSockets(context(new Pinning(pins)).getSocketFactory());
    }

    public SSLSocketFactory forExchange() {
        return exchange;
    }

    public SSLSocketFactory forCalls() {
        return calls;
    }

    public void pin(String hostPort, String fingerprint) {
        pins.put(hostPort, fingerprint);
    }

    public void unpin(String hostPort, String fingerprint) {
        pins.remove(hostPort, fingerprint);
    }

    private static SSLContext context(X509ExtendedTrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance(Tls.PROTOCOL);
            context.init(null, new X509ExtendedTrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS 1.3 is part of every Java 17", e);
        }
    }

    /** Checks a server's certificate against its pin; with no pins at all (the exchange's context), takes any. */
    private static final class Pinning extends X509ExtendedTrustManager {
        private final Map<String, String> pins;

        Pinning(Map<String, String> pins) {
            this.pins = pins;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            SSLSession session = socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null;
            check(chain, session);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain, engine == null ? null : engine.getHandshakeSession());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, null);
        }

        private void check(X509Certificate[] chain, SSLSession session) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("no certificate");
            }
            if (pins == null) {
                return;
            }
            String peer = session == null ? null : session.getPeerHost() + ":" + session.getPeerPort();
            String pinned = peer == null ? null : pins.get(peer);
            if (pinned == null) {
                throw new CertificateChanged("it has not proven the password over this connection's certificate");
            }
            if (!pinned.equals(Tls.fingerprint(chain[0]))) {
                throw new CertificateChanged("its certificate changed since it proved the password");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
