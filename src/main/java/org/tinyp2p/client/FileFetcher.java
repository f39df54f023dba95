package org.tinyp2p.client;

import java.io.IOException;
import java.nio.file.Path;
import org.tinyp2p.files.AtomicDownload;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.RemotePeer;

/**
 * Moves one file from one peer into the target folder, chunk by chunk, through an {@link AtomicDownload}:
 * the file appears under its name only once all of it has arrived. A file that changes size on the peer
 * while it is fetched is abandoned rather than stitched together from two versions.
 */
final class FileFetcher {
    private final Path folder;

    FileFetcher(Path folder) {
        this.folder = folder;
    }

    /**
     * @return the number of bytes written
     * @throws PeerException if the peer fails or misbehaves
     * @throws IOException if the local disk does (a file of that name appearing meanwhile included)
     */
    long fetch(Candidate file) throws PeerException, IOException {
        RemotePeer peer = file.peer();
        try (AtomicDownload download = AtomicDownload.begin(folder, file.name())) {
            if (peer.isLegacy()) {
                download.write(peer.fetchWhole(file.name()));
            } else {
                long expected = file.size();
                while (download.size() < expected) {
                    RemotePeer.Chunk chunk = peer.fetch(file.name(), download.size());
                    if (chunk.fileSize() != expected) {
                        throw PeerException.badAnswer(peer.url(), file.name() + " changed on the server during the transfer");
                    }
                    if (chunk.data().length == 0 || download.size() + chunk.data().length > expected) {
                        throw PeerException.badAnswer(peer.url(), "the chunks of " + file.name() + " do not add up to its size");
                    }
                    download.write(chunk.data());
                }
            }
            download.commit();
            return download.size();
        }
    }
}
