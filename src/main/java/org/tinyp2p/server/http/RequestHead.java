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
 * {@link #MAX_HEADERS} headers, {@link #MAX_HEAD} bytes in all (64 lines of 8 KiB each would pin 512 KiB per
 * connection while its body arrives and it waits for a worker: 256 strangers took 140 MB of heap so).
 * Whatever does not parse is a {@link Refused} with the status to answer.
 */
record RequestHead(String method, URI uri, boolean http11, Headers headers) {
    static final int MAX_LINE = 8 * 1024;
    static final int MAX_HEADERS = 64;
    static final int MAX_HEAD = 64 * 1024;
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
        Lines lines = new Lines(in);
        String line = lines.next(first);
        for (int skipped = 0; line.isEmpty(); skipped++) {
            if (skipped == 4) {
                throw new Refused(400, "no request line");
            }
            line = lines.next(in.read());
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
        return new RequestHead(parts[0], uri, http11, headers(lines));
    }

    private static Headers headers(Lines lines) throws IOException {
        Headers headers = new Headers();
        for (int count = 0; ; count++) {
            String line = lines.next(lines.in.read());
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
            try {
                headers.add(line.substring(0, colon), line.substring(colon + 1).strip());
            } catch (IllegalArgumentException refusedByTheJdk) {
                throw new Refused(400, "not a header value");
            }
        }
    }

    /** The lines of one head, counted against {@link #MAX_HEAD}. */
    private static final class Lines {
        final InputStream in;
        private int left = MAX_HEAD;

        Lines(InputStream in) {
            this.in = in;
        }

        /** One line without its CRLF (a bare LF ends one too); ISO-8859-1, as HTTP heads are octets. */
        String next(int first) throws IOException {
            byte[] bytes = new byte[256];
            int length = 0;
            for (int b = first; b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new java.io.EOFException("the connection ended inside a request head");
                }
                if (length == MAX_LINE) {
                    throw new Refused(431, "a request head line longer than " + MAX_LINE + " bytes");
                }
                if (--left < 0) {
                    throw new Refused(431, "a request head longer than " + MAX_HEAD + " bytes");
                }
                if (length == bytes.length) {
                    bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
                }
                bytes[length++] = (byte) b;
            }
            if (length > 0 && bytes[length - 1] == '\r') {
                length--;
            }
            for (int i = 0; i < length; i++) {
                if (bytes[i] == '\r') { // RFC 9112 2.2: a bare CR is refused, not taken for a line end
                    throw new Refused(400, "a bare CR in a request head");
                }
            }
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
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
