package org.tinyp2p.protocol;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.secure.PeerTrust;

/**
 * The sessions a process holds with the peers it called: one password exchange per peer, made the first time
 * it is called and again when the peer forgets it (a restart, a long pause). A peer that fails the exchange
 * gets no session, so nothing it says is ever used.
 */
public final class Membership {
    private final char[] password;
    private final PeerTrust trust = new PeerTrust();
    private final Timeouts timeouts;
    private final Map<PeerUrl, Session> sessions = new ConcurrentHashMap<>();
    private final Map<PeerUrl, Object> exchanges = new ConcurrentHashMap<>();

    public Membership(char[] password, Timeouts timeouts) {
        if (password.length == 0) {
            throw new IllegalArgumentException("the password must not be empty");
        }
        this.password = password.clone();
        this.timeouts = timeouts;
    }

    /** The session with {@code peer}, proving the password first if there is none. */
    public Session session(PeerUrl peer) throws PeerException {
        Session session = sessions.get(peer);
        if (session != null) {
            return session;
        }
        synchronized (exchanges.computeIfAbsent(peer, p -> new Object())) { // one exchange at a time per peer
            session = sessions.get(peer);
            if (session == null) {
                session = exchange(peer);
                sessions.put(peer, session);
            }
            return session;
        }
    }

    /** How long a busy peer is asked again, in all. */
    static final java.time.Duration RETRYING = java.time.Duration.ofSeconds(10);

    /**
     * Proves the password to the peer. A server with too many exchanges or requests under way from our address turns
     * the exchange away (HTTP 429, before any work): it is asked again a little later, as calls are, so that many
     * servers joining at once through one seed all get in.
     */
    private Session exchange(PeerUrl peer) throws PeerException {
        long began = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                return new Handshake(peer, trust, timeouts).perform(password);
            } catch (PeerException e) {
                // a peer that is slow to say it is busy gets no more time than one exchange
                if (e.faultCode() != 429 || attempt == RemotePeer.BUSY_RETRIES || System.nanoTime() - began > RETRYING.toNanos()) {
                    throw e;
                }
                RemotePeer.pauseBeforeRetry(attempt);
            }
        }
    }

    /** The peer no longer knows this session, or shows another certificate: the next call proves the password anew. */
    public void forget(Session stale) {
        if (sessions.remove(stale.peer(), stale)) {
            trust.unpin(stale.peer().hostPort(), stale.fingerprint());
        }
    }

    PeerTrust trust() {
        return trust;
    }
}
