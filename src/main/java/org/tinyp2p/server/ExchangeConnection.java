package org.tinyp2p.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.xmlrpc.common.ServerStreamConnection;

/**
 * One XML-RPC exchange over the JDK's HTTP server: the request body (already read, and bounded) in, the
 * response streamed out in chunks so that no answer is held whole in memory.
 */
final class ExchangeConnection implements ServerStreamConnection {
    private final HttpExchange exchange;
    private final byte[] body;

    ExchangeConnection(HttpExchange exchange, byte[] body) {
        this.exchange = exchange;
        this.body = body;
    }

    @Override
    public InputStream newInputStream() {
        return new ByteArrayInputStream(body);
    }

    @Override
    public OutputStream newOutputStream() throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/xml; charset=UTF-8");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    @Override
    public void close() {
        exchange.close();
    }
}
