package org.tinyp2p.server.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body as a handler reads it: the declared number of bytes, or chunks, and then the end, however
 * much more the connection holds. Closing it leaves the rest unread; the connection then knows it cannot be
 * kept ({@link #finished}).
 */
abstract class BodyIn extends InputStream {
    protected final InputStream in;
    private boolean closed;

    BodyIn(InputStream in) {
        this.in = in;
    }

    /** @param length {@link RequestHead#bodyLength()}: -1 none, {@link RequestHead#CHUNKED}, else the length */
    static BodyIn of(InputStream in, long length) {
        return length == RequestHead.CHUNKED ? new Chunked(in) : new Fixed(in, Math.max(0, length));
    }

    /**
     * The whole body, read now (the door does, before a worker is taken); one over {@code cap} bytes is refused
     * with 413 as soon as it is seen to be, declared or chunked.
     */
    byte[] readWhole(int cap) throws IOException {
        byte[] body = readNBytes(cap + 1);
        if (body.length > cap) {
            throw new RequestHead.Refused(413, "a request body over " + cap + " bytes");
        }
        return body;
    }

    /** Whether the whole body was read, so the next request starts right after it. */
    abstract boolean finished();

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the request body is closed");
        }
        return len == 0 ? 0 : next(b, off, len);
    }

    protected abstract int next(byte[] b, int off, int len) throws IOException;

    @Override
    public void close() {
        closed = true;
    }

    private static final class Fixed extends BodyIn {
        private long left;

        Fixed(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        protected int next(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the connection ended inside a request body");
            }
            left -= n;
            return n;
        }

        @Override
        boolean finished() {
            return left == 0;
        }
    }

    /** RFC 9112 chunks: a hex size line (extensions ignored), the bytes, CRLF; then trailers, which are dropped. */
    private static final class Chunked extends BodyIn {
        private static final int MAX_TRAILERS = 16;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            super(in);
        }

        @Override
        protected int next(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                left = size();
                if (left == 0) {
                    for (int i = 0; !line().isEmpty(); i++) {
                        if (i == MAX_TRAILERS) {
                            throw new RequestHead.Refused(400, "too many trailers");
                        }
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the connection ended inside a chunk");
            }
            left -= n;
            if (left == 0 && !line().isEmpty()) {
                throw new RequestHead.Refused(400, "a chunk longer than its size");
            }
            return n;
        }

        private long size() throws IOException {
            String line = line();
            int semicolon = line.indexOf(';');
            String hex = (semicolon >= 0 ? line.substring(0, semicolon) : line).strip();
            if (!hex.matches("[0-9A-Fa-f]{1,15}")) {
                throw new RequestHead.Refused(400, "not a chunk size");
            }
            return Long.parseLong(hex, 16);
        }

        /** A short line (a chunk size, a trailer), without its line end. */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException("the connection ended inside a chunked body");
                }
                if (line.length() == RequestHead.MAX_LINE) {
                    throw new RequestHead.Refused(400, "a chunk line too long");
                }
                line.append((char) c);
            }
            int end = line.length();
            return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
        }

        @Override
        boolean finished() {
            return done;
        }
    }
}
