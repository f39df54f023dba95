package org.tinyp2p.client.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.RawDownload;

/** A small file's bytes that a peer already sent in a bundle, held until the file is written. */
public final class HeldBytes implements ByteSource {
    private final PeerUrl peer;
    private final byte[] bytes;

    public HeldBytes(PeerUrl peer, byte[] bytes) {
        this.peer = peer;
        this.bytes = bytes;
    }

    @Override
    public PeerUrl peer() {
        return peer;
    }

    @Override
    public void read(long from, long to, RawDownload.Sink sink) throws PeerException, IOException {
        if (from < 0 || to > bytes.length || from > to) {
            throw PeerException.badAnswer(peer, "sent " + bytes.length + " bytes, not bytes " + from + " to " + to);
        }
        sink.write(ByteBuffer.wrap(bytes, (int) from, (int) (to - from)));
    }

    @Override
    public String toString() {
        return "bundled by " + peer;
    }
}
