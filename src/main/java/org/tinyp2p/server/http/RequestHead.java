package org.tinyp2p.server.http;

import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A request line and its headers, read with bounds: a line of at most {@link #MAX_LINE} bytes, at most
 * {@link #MAX_HEADERS} headers. Whatever does not parse is a {@link Refused} with the status to answer.
 */
record RequestHead(String method, URI uri, boolean http11, Headers headers) {
    static final int MAX_LINE = 8 * 1024;
    static final int MAX_HEADERS = 64;
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** A request that cannot be answered normally: the status and a line saying why. */
    static final class Refused extends IOException {
        final int status;

        Refused(int status, String why) {
            super(why);
            this.status = status;
        }
    }

    /**
     * Reads a head whose first byte is {@code first} (already read). Empty lines before the request line are
     * skipped, as RFC 9112 allows.
     */
    static RequestHead read(int first, InputStream in) throws IOException {
        String line = line(first, in);
        for (int skipped = 0; line.isEmpty(); skipped++) {
            if (skipped == 4) {
                throw new Refused(400, "no request line");
            }
            line = line(in.read(), in);
        }
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !TOKEN.matcher(parts[0]).matches()) {
            throw new Refused(400, "not an HTTP request line");
        }
        boolean http11;
        if ("HTTP/1.1".equals(parts[2])) {
            http11 = true;
        } else if ("HTTP/1.0".equals(parts[2])) {
            http11 = false;
        } else {
            throw new Refused(505, "only HTTP/1.0 and 1.1 are spoken here");
        }
        URI uri;
        try {
            uri = new URI(parts[1]);
        } catch (URISyntaxException e) {
            throw new Refused(400, "not a request target");
        }
        if (!parts[1].startsWith("/")) {
            throw new Refused(400, "the request target must be a path");
        }
        return new RequestHead(parts[0], uri, http11, headers(in));
    }

    private static Headers headers(InputStream in) throws IOException {
        Headers headers = new Headers();
        for (int count = 0; ; count++) {
            String line = line(in.read(), in);
            if (line.isEmpty()) {
                return headers;
            }
            if (count == MAX_HEADERS) {
                throw new Refused(431, "more than " + MAX_HEADERS + " headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !TOKEN.matcher(line.substring(0, colon)).matches()) {
                throw new Refused(400, "not a header line"); // folded lines (obsolete) included
            }
            headers.add(line.substring(0, colon), line.substring(colon + 1).strip());
        }
    }

    /** One line without its CRLF (a bare LF ends one too); ISO-8859-1, as HTTP heads are octets. */
    private static String line(int first, InputStream in) throws IOException {
        byte[] bytes = new byte[256];
        int length = 0;
        for (int b = first; b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new java.io.EOFException("the connection ended inside a request head");
            }
            if (length == MAX_LINE) {
                throw new Refused(431, "a request head line longer than " + MAX_LINE + " bytes");
            }
            if (length == bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[length++] = (byte) b;
        }
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    /** The declared body length: -1 for none; chunked as {@link #CHUNKED}. */
    long bodyLength() throws Refused {
        List<String> encodings = headers.get("Transfer-Encoding");
        List<String> lengths = headers.get("Content-Length");
        if (encodings != null) {
            if (lengths != null) {
                throw new Refused(400, "both Content-Length and Transfer-Encoding"); // a smuggling ambiguity
            }
            if (encodings.size() != 1 || !"chunked".equals(encodings.get(0).toLowerCase(Locale.ROOT))) {
                throw new Refused(501, "only the chunked transfer coding is understood");
            }
            return CHUNKED;
        }
        if (lengths == null) {
            return -1;
        }
        if (lengths.stream().distinct().count() != 1 || !lengths.get(0).matches("[0-9]{1,18}")) {
            throw new Refused(400, "not a Content-Length");
        }
        return Long.parseLong(lengths.get(0));
    }

    static final long CHUNKED = -2;

    /** Whether the caller wants the connection kept after the answer. */
    boolean keepAlive() {
        String connection = String.valueOf(headers.getFirst("Connection")).toLowerCase(Locale.ROOT);
        return http11 ? !connection.contains("close") : connection.contains("keep-alive");
    }

    boolean expectsContinue() {
        return "100-continue".equalsIgnoreCase(String.valueOf(headers.getFirst("Expect")));
    }
}
