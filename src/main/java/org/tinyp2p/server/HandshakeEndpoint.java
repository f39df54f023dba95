package org.tinyp2p.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tinyp2p.Report;
import org.tinyp2p.protocol.Protocol;
import org.tinyp2p.secure.Pake;
import org.tinyp2p.secure.PakeMessage;

/**
 * The server's side of the password exchange ({@link Pake}), at {@link Protocol#PAKE_PATH}. Step 1 takes the
 * caller's round 1 and answers ours with round 2 and a handshake name; step 2 takes the caller's round 2 and
 * key confirmation and, only if that confirms, answers ours and the name of a new session. A failed
 * confirmation counts against the caller's address ({@link FailedAttempts}); unfinished handshakes are few
 * per address and short-lived, so a flood of step 1s holds little.
 */
final class HandshakeEndpoint implements HttpHandler {
    static final int MAX_PENDING = 1000;
    static final int MAX_PENDING_PER_ADDRESS = 8;
    static final long PENDING_MILLIS = 30_000;

    private record Pending(Pake pake, InetAddress caller, long started) {
    }

    private final char[] password;
    private final String certificate;
    private final String url;
    private final Sessions sessions;
    private final FailedAttempts failures;
    /** Locks for the password checks of one address at a time (striped: a few addresses share each). */
    private final Object[] checking = new Object[64];
    /** The lock for the password checks of callers that have not proved it lately. */
    private final Object strangers = new Object();
    private final Report report;
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    /** @param url the server's own URL, which it proves the password as */
    HandshakeEndpoint(char[] password, String certificate, String url, Sessions sessions, FailedAttempts failures, Report report) {
        this.password = password.clone();
        this.certificate = certificate;
        this.url = url;
        this.sessions = sessions;
        this.failures = failures;
        for (int i = 0; i < checking.length; i++) {
            checking[i] = new Object();
        }
        this.report = report;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            InetAddress caller = Callers.of(exchange);
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                PlainText.send(exchange, 405, "the password exchange is POSTed");
                return;
            }
            FailedAttempts.Holdback holdback = failures.holdback(caller);
            if (holdback.seconds() > 0) {
                holdBack(exchange, holdback);
                return;
            }
            Optional<PakeMessage> message = read(exchange);
            if (message.isEmpty()) {
                PlainText.send(exchange, 400, "not a password exchange message");
                return;
            }
            String step = message.get().get("step");
            if ("1".equals(step)) {
                first(exchange, caller, message.get());
            } else if ("2".equals(step)) {
                second(exchange, caller, message.get());
            } else {
                PlainText.send(exchange, 400, "no such step");
            }
        }
    }

    private void first(HttpExchange exchange, InetAddress caller, PakeMessage message) throws IOException {
        if (underWay(caller) >= MAX_PENDING_PER_ADDRESS) { // before any elliptic-curve work: a flood costs little
            exchange.getResponseHeaders().set("Retry-After", "1");
            PlainText.send(exchange, 429, "too many password exchanges under way from your address");
            return;
        }
        Pake pake = Pake.server(password, certificate, url);
        try {
            pake.takeRound1(message.part("r1."));
        } catch (Pake.Failed e) {
            failures.failed(caller);
            refuse(exchange, caller, e);
            return;
        }
        String name = Sessions.newName();
        if (!park(name, new Pending(pake, caller, System.currentTimeMillis()))) {
            exchange.getResponseHeaders().set("Retry-After", "1");
            PlainText.send(exchange, 429, "too many password exchanges under way from your address");
            return;
        }
        send(exchange, new PakeMessage().put("handshake", name).putAll("r1.", pake.round1()).putAll("r2.", pake.round2()));
    }

    private void second(HttpExchange exchange, InetAddress caller, PakeMessage message) throws IOException {
        Pending started = take(String.valueOf(message.get("handshake")), caller);
        if (started == null) {
            PlainText.send(exchange, 400, "no such handshake (it may have taken too long)");
            return;
        }
        Pake pake = started.pake();
        Pake.Failed failed = null;
        FailedAttempts.Holdback holdback;
        // Checks from one address (or IPv6 /64) take turns, each counted before the next starts: guesses sent at
        // once cannot all slip past the limit, and friends proving the password at once are not counted as guesses.
        // Strangers all take turns, for the server's allowance: guesses from many addresses at once cannot slip past it.
        Object turn = failures.trusted(caller) ? checking[Math.floorMod(FailedAttempts.key(caller).hashCode(), checking.length)] : strangers;
        synchronized (turn) {
            holdback = failures.holdback(caller);
            if (holdback.seconds() == 0) {
                try {
                    pake.takeRound2(message.part("r2."));
                    pake.takeRound3(message.part("r3."));
                    failures.proven(caller);
                } catch (Pake.Failed e) {
                    failures.failed(caller);
                    failed = e;
                }
            }
        }
        if (holdback.seconds() > 0) {
            holdBack(exchange, holdback);
            return;
        }
        if (failed != null) {
            refuse(exchange, caller, failed);
            return;
        }
        String session = sessions.open(pake.sessionKey());
        report.debug("password proven by " + caller.getHostAddress());
        send(exchange, new PakeMessage().put("session", session).putAll("r3.", pake.round3()));
    }

    /** Turns a caller away for the wrong passwords it, its network or strangers in all sent lately, saying which. */
    private static void holdBack(HttpExchange exchange, FailedAttempts.Holdback holdback) throws IOException {
        long wait = holdback.seconds();
        String from = switch (holdback.scope()) {
            case ADDRESS -> "from your address";
            case NETWORK -> "from your network (IPv6 /64)";
            case SERVER -> "from addresses that have not proven the password lately (someone may be guessing)";
        };
        exchange.getResponseHeaders().set("Retry-After", retryAfter(wait));
        PlainText.send(exchange, 429, "too many wrong passwords " + from + "; try again in " + wait + " s");
    }

    /** At least 2 s for wrong passwords: a Retry-After of 1 tells our peers "busy, ask again", which this is not. */
    private static String retryAfter(long wait) {
        return Long.toString(Math.max(2, wait));
    }

    /** Answers a failed exchange (already counted against the caller). */
    private void refuse(HttpExchange exchange, InetAddress caller, Pake.Failed e) throws IOException {
        switch (e.failure()) {
            case NOT_CONFIRMED -> {
                report.info("Refused a wrong password from " + caller.getHostAddress());
                PlainText.send(exchange, Protocol.PAKE_REFUSED, "password refused");
            }
            case OTHER_CERTIFICATE -> {
                report.warn("Refused " + caller.getHostAddress() + ": it proves the password over another certificate than ours"
                        + " (someone in the middle of its connection?)");
                PlainText.send(exchange, Protocol.PAKE_OTHER_CERTIFICATE, "you see another certificate than ours");
            }
            case INVALID -> PlainText.send(exchange, 400, "the exchange does not hold");
        }
    }

    private synchronized long underWay(InetAddress caller) {
        long now = System.currentTimeMillis();
        pending.values().removeIf(p -> now - p.started() > PENDING_MILLIS);
        return pending.values().stream().filter(p -> p.caller().equals(caller)).count();
    }

    private synchronized boolean park(String name, Pending handshake) {
        long now = System.currentTimeMillis();
        pending.values().removeIf(p -> now - p.started() > PENDING_MILLIS);
        long fromCaller = pending.values().stream().filter(p -> p.caller().equals(handshake.caller())).count();
        if (fromCaller >= MAX_PENDING_PER_ADDRESS) {
            return false;
        }
        Iterator<Pending> oldest = pending.values().iterator();
        while (pending.size() >= MAX_PENDING) {
            oldest.next();
            oldest.remove();
        }
        pending.put(name, handshake);
        return true;
    }

    /** The handshake, if it is still under way and was started from the same address. */
    private synchronized Pending take(String name, InetAddress caller) {
        Pending found = pending.get(name);
        if (found == null || !found.caller().equals(caller) || System.currentTimeMillis() - found.started() > PENDING_MILLIS) {
            return null;
        }
        pending.remove(name);
        return found;
    }

    private static Optional<PakeMessage> read(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(PakeMessage.MAX_BYTES + 1);
            return PakeMessage.parse(body);
        }
    }

    private static void send(HttpExchange exchange, PakeMessage message) throws IOException {
        byte[] body = message.encode();
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }
}
