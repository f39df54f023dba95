package org.tinyp2p.server;

import com.sun.net.httpserver.HttpExchange;
import java.net.InetAddress;

/** Who is calling: the address the connection comes from (the door accepts every connection itself, so it is the real one). */
final class Callers {
    private Callers() {
    }

    static InetAddress of(HttpExchange exchange) {
        return exchange.getRemoteAddress().getAddress();
    }
}
