package org.tinyp2p.testing;

import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.Membership;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.Session;
import org.tinyp2p.protocol.Timeouts;

/**
 * TLS for tests that speak to a server by hand (as an attacker would): a context that takes any
 * certificate, an HTTP client on it, and a session proven with a password, to sign calls with.
 */
public final class TestTls {
    private TestTls() {
    }

    public static SSLContext trustingAnything() {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, new X509ExtendedTrustManager[] {new Anything()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static HttpClient http() {
        return HttpClient.newBuilder().sslContext(trustingAnything()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A TLS connection to a server, as a stranger makes one (it takes any certificate). */
    public static java.net.Socket socket(String host, int port) throws java.io.IOException {
        return over(new java.net.Socket(host, port), host, port);
    }

    /** TLS over a connected socket. */
    public static java.net.Socket over(java.net.Socket plain, String host, int port) throws java.io.IOException {
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) trustingAnything().getSocketFactory().createSocket(plain, host, port, true);
        socket.startHandshake();
        return socket;
    }

    /** {@code https://host:port} of a peer known as {@code http://host:port}. */
    public static String https(Object peerUrl) {
        return peerUrl.toString().replaceFirst("^http://", "https://");
    }

    /** A session with the server, proven with {@code password} (fails as a client would). */
    public static Session session(PeerUrl server, String password) throws PeerException {
        return new Membership(password.toCharArray(), Timeouts.DEFAULT).session(server);
    }

    private static final class Anything extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
