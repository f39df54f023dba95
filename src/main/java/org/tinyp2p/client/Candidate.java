package org.tinyp2p.client;

import org.tinyp2p.files.HashCache;
import org.tinyp2p.files.SharedName;
import org.tinyp2p.protocol.ListedFile;
import org.tinyp2p.protocol.RemotePeer;

/**
 * A file some peer offers, as its listing describes it.
 *
 * @param name its listed name, checked once: where it would be written
 */
record Candidate(RemotePeer peer, ListedFile file, SharedName name) {
    /** The name as the peer knows it, to ask for it. */
    String wire() {
        return file.name();
    }

    long size() {
        return file.size();
    }

    String sha256() {
        return file.sha256();
    }

    /**
     * Listed without the hash a server of ours gives once it has it: it hashes small files before it answers,
     * so only a large file's hash is worth waiting for.
     */
    boolean hashPending() {
        return sha256() == null && !peer.isLegacy() && size() > HashCache.INLINE_LIMIT;
    }

    /** Two candidates hold the same bytes if they agree on hash and size. */
    boolean sameContentAs(Candidate other) {
        return sha256() != null && sha256().equals(other.sha256()) && size() == other.size();
    }
}
