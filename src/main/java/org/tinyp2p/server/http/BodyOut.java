package org.tinyp2p.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A response body as a handler writes it, framed as its head said: exactly the declared length, chunks (a
 * length of 0 to {@code sendResponseHeaders}, HTTP/1.1), or bytes until the connection closes (the same for
 * an HTTP/1.0 caller). Closing it ends the body; {@link #complete} tells whether the connection may be kept.
 */
abstract class BodyOut extends OutputStream {
    protected final OutputStream out;
    private boolean closed;

    BodyOut(OutputStream out) {
        this.out = out;
    }

    static BodyOut fixed(OutputStream out, long length) {
        return new Fixed(out, length);
    }

    static BodyOut chunked(OutputStream out) {
        return new Chunked(out);
    }

    /** Until the connection closes, or nothing at all ({@code length} 0). */
    static BodyOut untilClose(OutputStream out) {
        return new Fixed(out, Long.MAX_VALUE) {
            @Override
            boolean complete() {
                return false;
            }
        };
    }

    /** Whether the body was closed as its framing requires (the connection may carry another answer). */
    abstract boolean complete();

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the response body is closed");
        }
        if (len > 0) {
            send(b, off, len);
        }
    }

    protected abstract void send(byte[] b, int off, int len) throws IOException;

    protected void end() throws IOException {
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Ends the body; its last bytes may stay buffered: the connection flushes them once the worker is free. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            end();
        }
    }

    boolean closed() {
        return closed;
    }

    private static class Fixed extends BodyOut {
        private long left;

        Fixed(OutputStream out, long length) {
            super(out);
            this.left = length;
        }

        @Override
        protected void send(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                throw new IOException("more bytes than the answer's Content-Length");
            }
            out.write(b, off, len);
            left -= len;
        }

        @Override
        boolean complete() {
            return closed() && left == 0;
        }
    }

    /** Gathers small writes (XML writers make many) into chunks of up to {@link #CHUNK} bytes. */
    private static final class Chunked extends BodyOut {
        private static final int CHUNK = 16 * 1024;
        private final byte[] buffer = new byte[CHUNK];
        private int held;

        Chunked(OutputStream out) {
            super(out);
        }

        @Override
        protected void send(byte[] b, int off, int len) throws IOException {
            if (held + len <= CHUNK) {
                System.arraycopy(b, off, buffer, held, len);
                held += len;
                return;
            }
            drain();
            if (len < CHUNK) {
                System.arraycopy(b, off, buffer, 0, len);
                held = len;
            } else {
                chunk(b, off, len);
            }
        }

        private void drain() throws IOException {
            if (held > 0) {
                chunk(buffer, 0, held);
                held = 0;
            }
        }

        private void chunk(byte[] b, int off, int len) throws IOException {
            out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b, off, len);
            out.write('\r');
            out.write('\n');
        }

        @Override
        public void flush() throws IOException {
            drain();
            super.flush();
        }

        @Override
        protected void end() throws IOException {
            drain();
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        boolean complete() {
            return closed();
        }
    }
}
