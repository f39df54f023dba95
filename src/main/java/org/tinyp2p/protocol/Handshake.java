package org.tinyp2p.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.secure.Pake;
import org.tinyp2p.secure.PakeMessage;
import org.tinyp2p.secure.PeerTrust;
import org.tinyp2p.secure.Tls;

/**
 * The caller's side of proving the password to a peer, and the peer to us ({@link Pake}): two POSTs to
 * {@link Protocol#PAKE_PATH} over TLS. The first carries our round 1 and brings the server's rounds 1 and 2;
 * the second carries our round 2 and our key confirmation, and brings the server's confirmation and the
 * session's name. Our side names the certificate the TLS connection shows, so the exchange fails through
 * anyone who ends TLS in the middle. Every failure is a {@link PeerException}; nothing the peer said is kept.
 */
final class Handshake {
    private final PeerUrl peer;
    private final PeerTrust trust;
    private final Timeouts timeouts;

    Handshake(PeerUrl peer, PeerTrust trust, Timeouts timeouts) {
        this.peer = peer;
        this.trust = trust;
        this.timeouts = timeouts;
    }

    Session perform(char[] password) throws PeerException {
        HttpsURLConnection first = connect();
        String certificate = certificate(first);
        Pake pake = Pake.client(password, certificate);
        PakeMessage answer = post(first, new PakeMessage().put("step", "1").putAll("r1.", pake.round1()));
        String handshake = answer.get("handshake");
        try {
            pake.takeRound1(answer.part("r1."));
            pake.takeRound2(answer.part("r2."));
        } catch (Pake.Failed e) {
            throw refused(e);
        }
        if (handshake == null || !CallAuthenticator.isSessionName(handshake)) {
            throw notMember("its password exchange names no handshake", null);
        }
        HttpsURLConnection second = connect();
        if (!certificate.equals(certificate(second))) {
            throw notMember("it showed another certificate in the middle of the password exchange (a man in the middle?)", null);
        }
        PakeMessage done = post(second, new PakeMessage().put("step", "2").put("handshake", handshake)
                .putAll("r2.", pake.round2()).putAll("r3.", pake.round3()));
        try {
            pake.takeRound3(done.part("r3."));
        } catch (Pake.Failed e) {
            throw refused(e);
        }
        String session = done.get("session");
        if (!CallAuthenticator.isSessionName(session)) {
            throw notMember("its password exchange names no session", null);
        }
        trust.pin(peer.hostPort(), certificate);
        return new Session(peer, new CallAuthenticator(session, pake.sessionKey()), certificate);
    }

    private HttpsURLConnection connect() throws PeerException {
        try {
            URL url = new URL("https://" + peer.hostPort() + Protocol.PAKE_PATH);
            HttpsURLConnection connection = (HttpsURLConnection) url.openConnection(Proxy.NO_PROXY);
            connection.setSSLSocketFactory(trust.forExchange());
            connection.setHostnameVerifier((host, session) -> true); // no authority vouches for a peer: the exchange does
            connection.setConnectTimeout((int) timeouts.connect().toMillis());
            connection.setReadTimeout((int) timeouts.read().toMillis());
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setDoOutput(true);
            connection.setRequestMethod("POST");
            connection.setRequestProperty("Content-Type", "text/plain; charset=UTF-8");
            connection.connect();
            return connection;
        } catch (SSLException e) {
            throw notMember("it does not speak TLS (if it runs the original TinyP2P, name it with --legacy-peer)", e);
        } catch (IOException e) {
            throw RemotePeer.unreachable(peer, e);
        }
    }

    private String certificate(HttpsURLConnection connection) throws PeerException {
        try {
            return Tls.fingerprint(connection.getServerCertificates()[0]);
        } catch (SSLPeerUnverifiedException | ArrayIndexOutOfBoundsException e) {
            throw notMember("it showed no certificate", e);
        }
    }

    private PakeMessage post(HttpsURLConnection connection, PakeMessage message) throws PeerException {
        try {
            byte[] body = message.encode();
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            if (status == 200) {
                try (InputStream in = connection.getInputStream()) {
                    return PakeMessage.parse(in.readNBytes(PakeMessage.MAX_BYTES + 1))
                            .orElseThrow(() -> notMember("its password exchange is malformed", null));
                }
            }
            String text = errorText(connection);
            if (status == Protocol.PAKE_REFUSED) {
                throw new PeerException(peer, PeerException.Kind.PASSWORD_REFUSED, Faults.PASSWORD_REFUSED, peer + " refused the password", null);
            }
            if (status == Protocol.PAKE_OTHER_CERTIFICATE) {
                throw notMember("it saw us prove the password over another certificate than its own: someone is in the middle of the connection", null);
            }
            if (status == 429) {
                throw new PeerException(peer, PeerException.Kind.FAULT, 429, peer + " turned the password exchange away: " + text, null);
            }
            throw notMember("it does not speak tinyp2p's password exchange (HTTP " + status + ")", null);
        } catch (SSLException e) {
            throw notMember("it does not speak TLS", e);
        } catch (IOException e) {
            throw RemotePeer.unreachable(peer, e);
        }
    }

    /** The first line of an error answer, short and printable, for the message. */
    private static String errorText(HttpURLConnection connection) {
        try (InputStream in = connection.getErrorStream()) {
            String text = in == null ? "" : new String(in.readNBytes(200), StandardCharsets.UTF_8).lines().findFirst().orElse("");
            return text.replaceAll("[^\\x20-\\x7e]", "?");
        } catch (IOException e) {
            return "";
        }
    }

    private PeerException refused(Pake.Failed e) {
        return switch (e.failure()) {
            case OTHER_CERTIFICATE -> notMember("the certificate it proves the password for is not the one it showed us (a man in the middle?)", null);
            case NOT_CONFIRMED -> notMember("it could not prove that it knows the password", null);
            case INVALID -> notMember("its password exchange does not hold: " + e.getMessage(), null);
        };
    }

    private PeerException notMember(String why, Throwable cause) {
        return new PeerException(peer, PeerException.Kind.PASSWORD_REFUSED, 0, peer + " is not a member of this network: " + why, cause);
    }
}
