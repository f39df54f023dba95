package org.tinyp2p.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A short plain-text HTTP answer, for everything that is not an XML-RPC response or a file's bytes. */
final class PlainText {
    private PlainText() {
    }

    static void send(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = (text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
