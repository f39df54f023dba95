package org.tinyp2p.server.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One request and its answer, as the JDK's {@link HttpExchange} (so handlers are written against the JDK's
 * API). The answer's framing follows {@code sendResponseHeaders}: a length, chunks (0), or no body (-1).
 */
final class Exchange extends HttpExchange {
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(100, "Continue"), Map.entry(200, "OK"), Map.entry(204, "No Content"),
            Map.entry(206, "Partial Content"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(408, "Request Time-out"), Map.entry(409, "Conflict"), Map.entry(411, "Length Required"),
            Map.entry(413, "Request Entity Too Large"), Map.entry(416, "Range Not Satisfiable"),
            Map.entry(429, "Too Many Requests"), Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
            Map.entry(503, "Service Unavailable"), Map.entry(505, "HTTP Version Not Supported"));

    private final RequestHead head;
    private final Route route;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final OutputStream raw;
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private InputStream requestBody;
    private final BodyIn request;
    private BodyOut body;
    private OutputStream responseBody = new OutputStream() { // what handlers write to: the body once its head is sent
        @Override
        public void write(int b) throws IOException {
            opened().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            opened().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (body != null) {
                body.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (body != null) {
                body.close();
            }
        }
    };
    private int status = -1;
    private boolean keep;

    /**
     * @param request the body's framing; {@code body} the body itself, read already
     * @param last whether the connection ends after this answer whatever the caller asked
     * @param raw the connection's buffered output
     */
    Exchange(RequestHead head, Route route, BodyIn request, InputStream body, boolean last, InetSocketAddress remote,
             InetSocketAddress local, OutputStream raw) {
        this.head = head;
        this.route = route;
        this.request = request;
        this.requestBody = body;
        this.remote = remote;
        this.local = local;
        this.raw = raw;
        this.keep = head.keepAlive() && !last;
    }

    private BodyOut opened() throws IOException {
        if (body == null) {
            throw new IOException("the response head is not sent yet");
        }
        return body;
    }

    @Override
    public void sendResponseHeaders(int code, long length) throws IOException {
        if (status >= 0) {
            throw new IOException("the response head was sent already");
        }
        if (code < 200 || code > 999) {
            throw new IOException("not a final status: " + code);
        }
        status = code;
        keep &= request.finished(); // an unread body would be taken for the next request
        boolean none = length < 0 || "HEAD".equals(head.method()) || code == 204 || code == 304;
        if (none) {
            if (code != 204 && code != 304) {
                responseHeaders.set("Content-Length", Long.toString(Math.max(0, length)));
            }
            body = BodyOut.fixed(raw, 0);
        } else if (length > 0) {
            responseHeaders.set("Content-Length", Long.toString(length));
            body = BodyOut.fixed(raw, length);
        } else if (head.http11()) {
            responseHeaders.set("Transfer-Encoding", "chunked");
            body = BodyOut.chunked(raw);
        } else {
            keep = false; // an HTTP/1.0 caller knows no chunks: the body ends with the connection
            body = BodyOut.untilClose(raw);
        }
        if (!keep) {
            responseHeaders.set("Connection", "close");
        }
        writeHead(raw, code, responseHeaders);
    }

    static void writeHead(OutputStream out, int code, Headers headers) throws IOException {
        StringBuilder text = new StringBuilder("HTTP/1.1 ").append(code).append(' ').append(REASONS.getOrDefault(code, ""))
                .append("\r\nDate: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
                .append("\r\n");
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            for (String value : header.getValue()) {
                if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                    throw new IOException("a header value with a line break"); // no response splitting
                }
                text.append(header.getKey()).append(": ").append(value).append("\r\n");
            }
        }
        out.write(text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Whether the connection may carry the next request once this exchange is closed. */
    boolean reusable() {
        return keep && body != null && body.complete() && request.finished();
    }

    @Override
    public void close() {
        try {
            requestBody.close();
            if (status < 0) {
                keep = false;
                sendResponseHeaders(500, -1); // a handler that answered nothing
            }
            body.close();
        } catch (IOException e) {
            keep = false; // the caller went away; the connection ends
        }
    }

    @Override
    public Headers getRequestHeaders() {
        return head.headers();
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return head.uri();
    }

    @Override
    public String getRequestMethod() {
        return head.method();
    }

    @Override
    public HttpContext getHttpContext() {
        return route;
    }

    @Override
    public InputStream getRequestBody() {
        return requestBody;
    }

    @Override
    public OutputStream getResponseBody() {
        return responseBody;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return remote;
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return local;
    }

    @Override
    public String getProtocol() {
        return head.http11() ? "HTTP/1.1" : "HTTP/1.0";
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream in, OutputStream out) {
        if (in != null) {
            requestBody = in;
        }
        if (out != null) {
            responseBody = out;
        }
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }
}
