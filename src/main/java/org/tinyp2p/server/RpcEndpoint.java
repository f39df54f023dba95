package org.tinyp2p.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.xmlrpc.XmlRpcException;
import org.tinyp2p.Report;
import org.tinyp2p.protocol.Protocol;

/**
 * The HTTP face of a server: XML-RPC calls are POSTed to {@code /} (our clients) or {@code /RPC2} (Python's
 * xmlrpclib, which the original TinyP2P uses). Request bodies are small, so one is read whole, but never
 * more than {@link Protocol#MAX_REQUEST_BYTES}; anything else gets a plain HTTP error.
 */
final class RpcEndpoint implements HttpHandler {
    private final RpcServer rpc;
    private final Report report;

    RpcEndpoint(RpcServer rpc, Report report) {
        this.rpc = rpc;
        this.report = report;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (!"/".equals(path) && !"/RPC2".equals(path)) {
                PlainText.send(exchange, 404, "Not found: this is a tinyp2p server; its XML-RPC endpoint is /\n");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                PlainText.send(exchange, 405, "Method not allowed: this is a tinyp2p server; it answers XML-RPC calls (POST)\n");
                return;
            }
            byte[] body = readBody(exchange);
            if (body == null) {
                PlainText.send(exchange, 413, "Request too large\n");
                return;
            }
            String host = exchange.getRequestHeaders().getFirst("Host");
            rpc.execute(new RequestContext(host, Callers.of(exchange).getHostAddress()), new ExchangeConnection(exchange, body));
        } catch (XmlRpcException | IOException e) {
            // the caller went away or sent garbage at the HTTP level; nothing to answer
            report.debug("connection from " + Callers.of(exchange) + " failed: " + e.getMessage());
        } finally {
            AfterResponse.runAll();
        }
    }

    /** The body, or null if it is larger than allowed (checked before reading when the length is declared). */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > Protocol.MAX_REQUEST_BYTES) {
                    return null;
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (InputStream in = exchange.getRequestBody()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (body.size() + n > Protocol.MAX_REQUEST_BYTES) {
                    return null;
                }
                body.write(buffer, 0, n);
            }
        }
        return body.toByteArray();
    }
}
