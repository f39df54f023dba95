package org.tinyp2p.client.transfer;

import java.io.IOException;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.RawDownload;

/**
 * One peer's bytes of one file, by one path (the raw path, or XML-RPC calls). Every request is a bounded
 * range, and the source enforces it: it delivers exactly the bytes asked for, in order, or fails.
 */
public interface ByteSource {
    PeerUrl peer();

    /**
     * Delivers bytes {@code from} up to {@code to} (exclusive) into {@code sink}, in order.
     *
     * @throws PeerException if the peer fails, or sends other than the bytes asked for (what it sent before
     *         the failure was delivered)
     * @throws IOException only when the sink fails (the local disk)
     */
    void read(long from, long to, RawDownload.Sink sink) throws PeerException, IOException;
}
