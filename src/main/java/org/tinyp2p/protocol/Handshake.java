package org.tinyp2p.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.secure.Pake;
import org.tinyp2p.secure.PakeMessage;
import org.tinyp2p.secure.PeerTrust;

/**
 * The caller's side of proving the password to a peer, and the peer to us ({@link Pake}): two POSTs to
 * {@link Protocol#PAKE_PATH} over one TLS connection of our own ({@link RawConnection}). The first carries our round 1 and brings the server's rounds 1 and 2;
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
        this.timeouts = timeouts.asking();
    }

    Session perform(char[] password) throws PeerException {
        // Both steps on one connection of our own: the certificate checked is the one every message crossed.
        try (RawConnection connection = open()) {
            String certificate = certificate(connection);
            Pake pake = Pake.client(password, certificate);
            PakeMessage answer = post(connection, new PakeMessage().put("step", "1").putAll("r1.", pake.round1()));
            String handshake = answer.get("handshake");
            try {
                pake.takeRound1(answer.part("r1."));
                pake.takeRound2(answer.part("r2."));
            } catch (Pake.Failed e) {
                throw refused(e);
            }
            PeerUrl provenAs = PeerUrl.parse(pake.serverUrl())
                    .orElseThrow(() -> notMember("it proves the password as no valid address", null));
            if (handshake == null || !CallAuthenticator.isSessionName(handshake)) {
                throw notMember("its password exchange names no handshake", null);
            }
            PakeMessage done = post(connection, new PakeMessage().put("step", "2").put("handshake", handshake)
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
            return new Session(peer, new CallAuthenticator(session, pake.sessionKey()), certificate, provenAs);
        }
    }

    private RawConnection open() throws PeerException {
        try {
            return RawConnection.openWithin(peer, timeouts, trust.forExchange());
        } catch (SSLException e) {
            if (closedInHandshake(e)) {
                // no answer at all: a server of ours turning a connection away at its door (an original one answers
                // a TLS hello with an HTTP error, "unrecognized SSL message")
                throw PeerFailures.unreachable(peer, new IOException("it closed the connection during the TLS handshake (busy?)", e));
            }
            throw notMember("it does not speak TLS (if it runs the original TinyP2P, --legacy-peer speaks to it, but sends it a token that lets anyone who records it guess the password offline: only for a peer you trust)", e);
        } catch (IOException e) {
            throw PeerFailures.unreachable(peer, e);
        }
    }

    /** Whether the peer closed the connection in the TLS handshake without a byte of answer. */
    private static boolean closedInHandshake(SSLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.EOFException || String.valueOf(t.getMessage()).contains("Remote host terminated the handshake")) {
                return true;
            }
        }
        return false;
    }

    private String certificate(RawConnection connection) throws PeerException {
        try {
            return connection.certificate();
        } catch (IOException | RuntimeException e) {
            throw notMember("it showed no certificate", e);
        }
    }

    private PakeMessage post(RawConnection connection, PakeMessage message) throws PeerException {
        try {
            RawConnection.Head head = connection.post(Protocol.PAKE_PATH, Map.of("Content-Type", "text/plain; charset=UTF-8"), message.encode());
            if (head.contentLength() > PakeMessage.MAX_BYTES) {
                throw notMember("its password exchange is oversized", null);
            }
            byte[] body = new byte[(int) head.contentLength()];
            int read = 0;
            for (int n; read < body.length && (n = connection.readBody(body, read, body.length - read)) >= 0; ) {
                read += n;
            }
            int status = head.status();
            if (status == 200 && read == body.length) {
                return PakeMessage.parse(body).orElseThrow(() -> notMember("its password exchange is malformed", null));
            }
            String text = new String(body, 0, read, StandardCharsets.UTF_8).lines().findFirst().orElse("").replaceAll("[^\\x20-\\x7e]", "?");
            if (status == Protocol.PAKE_REFUSED) {
                throw PeerFailures.passwordRefused(peer);
            }
            if (status == Protocol.PAKE_OTHER_CERTIFICATE) {
                throw notMember("it saw us prove the password over another certificate than its own: someone is in the middle of the connection", null);
            }
            if (status == 429) {
                // Busy (fault code 429: asked again in a moment) only on the first step, before we have sent our key
                // confirmation: a peer answering the second step with 429 would otherwise get a fresh exchange, and a
                // fresh password guess checked against our confirmation, each time. Not either when it holds back
                // our wrong passwords (it says so with a longer Retry-After).
                boolean busy = "1".equals(message.get("step")) && "1".equals(head.header("retry-after"));
                throw new PeerException(peer, PeerException.Kind.FAULT, busy ? 429 : Protocol.HELD_BACK,
                        peer + " turned the password exchange away: " + text, null);
            }
            throw notMember("it does not speak tinyp2p's password exchange (HTTP " + status + ")", null);
        } catch (RawConnection.MalformedAnswer e) {
            throw notMember("it answered " + e.getMessage(), e);
        } catch (SSLException e) {
            throw connection.expired() ? PeerFailures.unreachable(peer, new RawConnection.Expired(timeouts.call(), e))
                    : notMember("it does not speak TLS", e);
        } catch (IOException e) {
            throw PeerFailures.unreachable(peer, connection.expired() ? new RawConnection.Expired(timeouts.call(), e) : e);
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
        return PeerFailures.notMember(peer, why, cause);
    }
}
