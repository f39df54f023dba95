package org.tinyp2p.client;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.tinyp2p.files.FileNames;
import org.tinyp2p.peer.PeerUrl;

/**
 * What a client run did (or, in a dry run, would do).
 *
 * @param fetched files fetched (or that would be)
 * @param skipped files not fetched on purpose, with the reason (already here, unsafe name, ...)
 * @param failed files that could not be fetched from any peer, with the reason
 * @param bytes bytes moved by this run (a resumed file counts what was missing)
 */
public record RunSummary(List<Outcome> fetched, List<Outcome> skipped, List<Outcome> failed, List<PeerUrl> reached,
                         List<PeerUrl> unreachable, long bytes, Duration time, boolean dryRun) {

    /**
     * One file: its name, size (-1 unknown), hash (null unknown), the peer it came from (null if none), why, and
     * for a file skipped on purpose, which kind of skip it is (counted by kind, never by its text).
     */
    public record Outcome(String name, long size, String sha256, PeerUrl peer, String reason, Skip skip) {
        public Outcome(String name, long size, String sha256, PeerUrl peer, String reason) {
            this(name, size, sha256, peer, reason, null);
        }
    }

    /** Why a file was skipped on purpose. */
    public enum Skip { ALREADY_HERE, UNSAFE_NAME }

    public boolean succeeded() {
        return failed.isEmpty();
    }

    /** The closing line a user reads. */
    public String describe() {
        int files = fetched.size();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%d file%s, %d bytes%s in %.1f s; %d peer%s reached, %d unreachable",
                files, files == 1 ? "" : "s", bytes, dryRun ? " would be fetched" : "", time.toMillis() / 1000.0,
                reached.size(), reached.size() == 1 ? "" : "s", unreachable.size()));
        long here = skipped.stream().filter(o -> o.skip() == Skip.ALREADY_HERE).count();
        long unsafe = skipped.stream().filter(o -> o.skip() == Skip.UNSAFE_NAME).count();
        long other = skipped.size() - here - unsafe;
        if (here > 0) {
            line.append("; ").append(here).append(" already here");
        }
        if (unsafe > 0) {
            line.append("; ").append(unsafe).append(" unsafe name").append(unsafe == 1 ? "" : "s").append(" refused");
        }
        if (other > 0) {
            line.append("; ").append(other).append(" skipped");
        }
        if (!failed.isEmpty()) {
            line.append("; ").append(failed.size()).append(" failed");
        }
        return line.toString();
    }

    /** One line per failed file, for stderr. */
    public List<String> failureLines() {
        return failed.stream().map(o -> FileNames.quote(o.name()) + ": " + o.reason()).toList();
    }
}
