package org.tinyp2p.client.transfer;

import java.io.IOException;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.RawDownload;
import org.tinyp2p.protocol.RemotePeer;

/** A file's bytes over a peer's raw path: one authenticated ranged GET per request. */
public final class RawSource implements ByteSource {
    private final RemotePeer peer;
    private final String name;
    private final String sha256;
    private final long size;

    /**
     * @param sha256 the hash the listing gave: a server that now reports another sends nothing
     * @param size the listed size: a request up to it asks for "the rest of the file", which servers log as a download
     */
    public RawSource(RemotePeer peer, String name, String sha256, long size) {
        this.peer = peer;
        this.name = name;
        this.sha256 = sha256;
        this.size = size;
    }

    @Override
    public PeerUrl peer() {
        return peer.url();
    }

    @Override
    public void read(long from, long to, RawDownload.Sink sink) throws PeerException, IOException {
        if (from >= to) {
            return;
        }
        long[] delivered = {0};
        try {
            peer.download(name, from, to == size ? RawDownload.TO_THE_END : to, sha256, bytes -> {
                int n = bytes.remaining();
                if (delivered[0] + n > to - from) { // the raw path stops at the range's end; this only guards it
                    throw new TooLong();
                }
                sink.write(bytes);
                delivered[0] += n;
            });
        } catch (TooLong e) {
            throw PeerException.badAnswer(peer.url(), "sent more of " + name + " than asked for");
        }
        if (delivered[0] != to - from) {
            throw PeerException.badAnswer(peer.url(), "sent " + delivered[0] + " of the " + (to - from) + " bytes of "
                    + name + " asked for");
        }
    }

    /** More bytes than asked for: raised inside the sink, where only IOExceptions may go, and never written. */
    private static final class TooLong extends IOException {
        TooLong() {
            super("more bytes than asked for");
        }
    }

    @Override
    public String toString() {
        return "raw " + peer.url();
    }
}
