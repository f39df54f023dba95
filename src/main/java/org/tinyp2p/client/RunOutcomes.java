package org.tinyp2p.client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The outcome of each name of a run as the downloads end, from several threads; read once they all have. */
final class RunOutcomes {
    private final List<RunSummary.Outcome> fetched = new ArrayList<>();
    private final List<RunSummary.Outcome> skipped = new ArrayList<>();
    private final List<RunSummary.Outcome> failed = new ArrayList<>();
    private long bytes;

    /** @param moved bytes that crossed the network for it (0 for a local copy) */
    synchronized void fetched(RunSummary.Outcome outcome, long moved) {
        fetched.add(outcome);
        bytes += moved;
    }

    synchronized void skipped(RunSummary.Outcome outcome) {
        skipped.add(outcome);
    }

    synchronized void failed(RunSummary.Outcome outcome) {
        failed.add(outcome);
    }

    synchronized List<RunSummary.Outcome> fetched() {
        return sorted(fetched);
    }

    synchronized List<RunSummary.Outcome> skipped() {
        return sorted(skipped);
    }

    synchronized List<RunSummary.Outcome> failed() {
        return sorted(failed);
    }

    synchronized long bytes() {
        return bytes;
    }

    private static List<RunSummary.Outcome> sorted(List<RunSummary.Outcome> outcomes) {
        return outcomes.stream().sorted(Comparator.comparing(RunSummary.Outcome::name)).toList();
    }
}
