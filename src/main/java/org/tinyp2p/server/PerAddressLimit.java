package org.tinyp2p.server;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@link #MAX_IN_FLIGHT} requests at once from any one address (an IPv6 /64), so that a caller (a
 * hostile peer, a member gone bad holding slow downloads, or a client gone wild) needs four addresses to take
 * the 32 workers; the rest get 429 at once, which clients retry. Friends' clients make a handful of requests
 * at a time ({@code --parallel}, 4 by default).
 */
final class PerAddressLimit extends Filter {
    static final int MAX_IN_FLIGHT = 8;

    private final Map<InetAddress, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        InetAddress address = FailedAttempts.key(Callers.of(exchange));
        AtomicInteger count = inFlight.computeIfAbsent(address, a -> new AtomicInteger());
        if (count.incrementAndGet() > MAX_IN_FLIGHT) {
            release(address, count);
            try (exchange) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                PlainText.send(exchange, 429, "too many requests at once from your address");
            }
            return;
        }
        try {
            chain.doFilter(exchange);
        } finally {
            release(address, count);
        }
    }

    private void release(InetAddress address, AtomicInteger count) {
        if (count.decrementAndGet() <= 0) {
            inFlight.remove(address, count);
        }
    }

    @Override
    public String description() {
        return "at most " + MAX_IN_FLIGHT + " requests at once per address";
    }
}
