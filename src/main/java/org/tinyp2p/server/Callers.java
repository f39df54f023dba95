package org.tinyp2p.server;

import com.sun.net.httpserver.HttpExchange;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.UnaryOperator;

/**
 * Who is calling. Behind a {@link ProtocolSwitch} every exchange comes from a loopback relay, so the real
 * caller is looked up once, by the first filter ({@link PerAddressLimit}), and kept on the exchange for the
 * handlers.
 */
final class Callers {
    private static final String ATTRIBUTE = "tinyp2p.caller";

    private Callers() {
    }

    /** Looks the caller up with {@code resolve} (the identity without a switch) and keeps it on the exchange. */
    static InetAddress resolve(HttpExchange exchange, UnaryOperator<InetSocketAddress> resolve) {
        InetAddress caller = resolve.apply(exchange.getRemoteAddress()).getAddress();
        exchange.setAttribute(ATTRIBUTE, caller);
        return caller;
    }

    static InetAddress of(HttpExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE) instanceof InetAddress caller ? caller : exchange.getRemoteAddress().getAddress();
    }
}
