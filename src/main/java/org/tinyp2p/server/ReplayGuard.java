package org.tinyp2p.server;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
    /**
     * Nonces one session may have remembered at once (calls in the last 5 minutes): far above what a client
     * run or a server's pings make, far below the whole table, so one member cannot make the server busy
     * for everyone else.
     */
    static final int MAX_NONCES_PER_SESSION = 50_000;

    /** When a nonce may be forgotten, and whose it was. */
    private record Seen(long expires, String session) {
    }

    private final Sessions sessions;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perSession = new ConcurrentHashMap<>();
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
        check(authenticator.verify(token, method, args).orElseThrow(Faults::passwordRefused), session);
    }

    /**
     * The check of a request outside XML-RPC (the raw path, bundles), authenticated by its Authorization header:
     * true if admitted; else the fault has been answered (its code is the HTTP status).
     */
    boolean admitHeader(com.sun.net.httpserver.HttpExchange exchange, String method, java.util.List<?> args) throws java.io.IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String token = authorization != null && authorization.startsWith(org.tinyp2p.protocol.Protocol.AUTH_SCHEME)
                ? authorization.substring(org.tinyp2p.protocol.Protocol.AUTH_SCHEME.length()) : null;
        try {
            admit(token, method, args);
            return true;
        } catch (XmlRpcException refused) {
            PlainText.send(exchange, refused.code, refused.getMessage());
            return false;
        }
    }

    /** @throws XmlRpcException the fault to answer if the call is stale, replayed, or more than we can remember */
    void check(CallAuthenticator.Stamp stamp, String session) throws XmlRpcException {
        long now = System.currentTimeMillis() / 1000;
        long skew = stamp.time() - now;
        if (Math.abs(skew) > CallAuthenticator.WINDOW_SECONDS) {
            throw Faults.clockSkew(now, skew);
        }
        purgeNow(now);
        AtomicInteger count = perSession.computeIfAbsent(session, s -> new AtomicInteger());
        if (seen.size() >= MAX_NONCES || count.get() >= MAX_NONCES_PER_SESSION) {
            throw Faults.busy();
        }
        if (seen.putIfAbsent(stamp.nonce(), new Seen(stamp.time() + CallAuthenticator.WINDOW_SECONDS, session)) != null) {
            throw Faults.replayed();
        }
        count.incrementAndGet();
    }

    private void purgeNow(long now) {
        long due = nextPurge.get();
        if (now < due || !nextPurge.compareAndSet(due, now + 10)) {
            return;
        }
        for (Iterator<Map.Entry<String, Seen>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            Seen entry = it.next().getValue();
            if (entry.expires() < now) {
                it.remove();
                AtomicInteger count = perSession.get(entry.session());
                if (count != null && count.decrementAndGet() <= 0) {
                    perSession.remove(entry.session(), count);
                }
            }
        }
    }
}
