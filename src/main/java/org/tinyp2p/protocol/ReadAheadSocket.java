package org.tinyp2p.protocol;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Proxy;
import java.net.Socket;

/**
 * A TCP socket that reads ahead into a buffer of its own, for TLS layered on it. The JDK's TLS socket reads each
 * record from the socket under it in two calls (the 5-byte header, then the body): 130,000 system calls for a GiB,
 * each of which may acknowledge the sender and, on one machine, run the sender's next transmit on this thread. Reading
 * ahead turns that into one call per buffer.
 */
final class ReadAheadSocket extends Socket {
    private final int size;
    private InputStream in;

    ReadAheadSocket(int size) {
        super(Proxy.NO_PROXY);
        this.size = size;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (in == null) {
            in = new BufferedInputStream(super.getInputStream(), size);
        }
        return in;
    }
}
