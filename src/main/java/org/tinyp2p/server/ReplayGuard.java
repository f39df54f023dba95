package org.tinyp2p.server;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.xmlrpc.XmlRpcException;
import org.tinyp2p.protocol.CallAuthenticator;
import org.tinyp2p.protocol.Faults;

/**
 * The server's check of a call's authentication: the session it names must be one of ours
 * ({@link Sessions}), its HMAC right for that session's key, its time within
 * {@link CallAuthenticator#WINDOW_SECONDS} of our clock, and its nonce not seen in that time. Nonces are
 * remembered only as long as their call could still be accepted, and at most {@link #MAX_NONCES} at once.
 */
final class ReplayGuard {
    static final int MAX_NONCES = 500_000;

    private final Sessions sessions;
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final AtomicLong nextPurge = new AtomicLong();

    ReplayGuard(Sessions sessions) {
        this.sessions = sessions;
    }

    /**
     * The whole check of a call's authentication.
     *
     * @throws XmlRpcException the fault to answer: password refused, session unknown, clock skew, replayed, or busy
     */
    void admit(Object token, String method, java.util.List<?> args) throws XmlRpcException {
        String session = CallAuthenticator.sessionOf(token).orElseThrow(Faults::passwordRefused);
        CallAuthenticator authenticator = sessions.find(session).orElseThrow(Faults::sessionUnknown);
        check(authenticator.verify(token, method, args).orElseThrow(Faults::passwordRefused));
    }

    /** @throws XmlRpcException the fault to answer if the call is stale, replayed, or more than we can remember */
    void check(CallAuthenticator.Stamp stamp) throws XmlRpcException {
        long now = System.currentTimeMillis() / 1000;
        long skew = stamp.time() - now;
        if (Math.abs(skew) > CallAuthenticator.WINDOW_SECONDS) {
            throw Faults.clockSkew(now, skew);
        }
        purgeNow(now);
        if (seen.size() >= MAX_NONCES) {
            throw Faults.busy();
        }
        if (seen.putIfAbsent(stamp.nonce(), stamp.time() + CallAuthenticator.WINDOW_SECONDS) != null) {
            throw Faults.replayed();
        }
    }

    private void purgeNow(long now) {
        long due = nextPurge.get();
        if (now < due || !nextPurge.compareAndSet(due, now + 10)) {
            return;
        }
        for (Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() < now) {
                it.remove();
            }
        }
    }
}
