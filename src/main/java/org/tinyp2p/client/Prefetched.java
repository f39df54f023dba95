package org.tinyp2p.client;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.tinyp2p.Report;
import org.tinyp2p.client.transfer.ByteSource;
import org.tinyp2p.client.transfer.HeldBytes;
import org.tinyp2p.files.FileNames;
import org.tinyp2p.protocol.BundledFile;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.peer.PeerUrl;

/**
 * Small files a run's bundles brought, held in memory until their download takes them ({@link FileFetcher}):
 * a bundle only saves requests; each file is still written, verified and named as any download, and one that
 * did not come (or does not verify) is fetched alone from its peers as usual.
 */
final class Prefetched {
    private record Key(PeerUrl peer, String name, String sha256) {
        static Key of(Candidate candidate) {
            return new Key(candidate.peer().url(), candidate.wire(), candidate.sha256());
        }
    }

    private final Map<Key, byte[]> held = new ConcurrentHashMap<>();
    private final Report report;

    Prefetched(Report report) {
        this.report = report;
    }

    /** Asks the batch's peer for its files at once; whatever fails is fetched alone later. */
    void fill(Batch batch) {
        if (!batch.bundled()) {
            return;
        }
        PeerUrl peer = batch.peer().url();
        int[] came = {0};
        try {
            batch.peer().bundle(batch.files(), (file, bytes) -> {
                held.put(new Key(peer, file.name(), file.sha256()), bytes);
                came[0]++;
            });
            report.debug("bundle of " + batch.contents().size() + " files from " + peer + ": " + came[0] + " came as listed");
        } catch (PeerException e) {
            report.debug("asking " + peer + " for " + batch.contents().size() + " files at once failed after " + came[0]
                    + " (" + e.getMessage() + "); asking for the rest one by one");
        }
    }

    /** Whether a bundle brought this candidate's file and it is not taken yet. */
    boolean holds(Candidate candidate) {
        return candidate.sha256() != null && held.containsKey(Key.of(candidate));
    }

    /** The bytes a bundle brought of this holder's file, as a source (taken: a second ask goes to the peer). */
    Optional<ByteSource> take(Candidate holder) {
        if (holder.sha256() == null) {
            return Optional.empty();
        }
        byte[] bytes = held.remove(Key.of(holder));
        return Optional.ofNullable(bytes).map(b -> new HeldBytes(holder.peer().url(), b));
    }

    /** Lets go of whatever the batch's downloads did not take (they failed before they needed the bytes). */
    void drop(Batch batch) {
        if (batch.bundled()) {
            for (BundledFile file : batch.files()) {
                if (held.remove(new Key(batch.peer().url(), file.name(), file.sha256())) != null) {
                    report.debug("dropped the bundled bytes of " + FileNames.quote(file.name()));
                }
            }
        }
    }
}
