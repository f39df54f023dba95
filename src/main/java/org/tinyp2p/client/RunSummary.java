package org.tinyp2p.client;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a client run did.
 *
 * @param failed one line per file that could not be fetched from any peer
 */
public record RunSummary(int files, long bytes, Duration time, int peersReached, int peersUnreachable,
                         int alreadyPresent, int unsafeNames, List<String> failed) {

    public boolean succeeded() {
        return failed.isEmpty();
    }

    /** The closing line a user reads. */
    public String describe() {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%d file%s, %d bytes in %.1f s; %d peer%s reached, %d unreachable",
                files, files == 1 ? "" : "s", bytes, time.toMillis() / 1000.0,
                peersReached, peersReached == 1 ? "" : "s", peersUnreachable));
        if (alreadyPresent > 0) {
            line.append("; ").append(alreadyPresent).append(" already here");
        }
        if (unsafeNames > 0) {
            line.append("; ").append(unsafeNames).append(" unsafe name").append(unsafeNames == 1 ? "" : "s").append(" refused");
        }
        if (!failed.isEmpty()) {
            line.append("; ").append(failed.size()).append(" failed");
        }
        return line.toString();
    }
}
