package org.tinyp2p.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.tinyp2p.files.SharedName;

/**
 * What a run fetches, decided once from the listings: a dry run prints it, a real run executes it, the
 * progress display counts it. Names whose chosen versions hold the same bytes (same SHA-256 and size) form
 * one {@link SameBytes}: those bytes cross the network once and every other name gets a local copy.
 *
 * @param contents the contents to fetch, each with every absent name that should hold it
 * @param present names that match but are already in the folder (never touched)
 * @param refused names whose chosen version could not be verified once fetched: not fetched, and failed
 */
record FetchPlan(List<SameBytes> contents, List<Candidate> present, List<Refusal> refused) {

    /** A name not fetched, and why. */
    record Refusal(Candidate chosen, String reason) {
    }

    /** One name to write, the version of it chosen, and every peer offering that version under that name. */
    record Wanted(Candidate chosen, List<Candidate> holders) {
        SharedName name() {
            return chosen.name();
        }
    }

    /**
     * Names that are to hold the same bytes, in name order. A name without a hash (an original peer's, or a
     * large file whose hash never came) is alone in its own.
     */
    record SameBytes(List<Wanted> names) {
        SameBytes {
            names = List.copyOf(names);
        }

        Wanted first() {
            return names.get(0);
        }

        /** Bytes that cross the network for it (once, whatever the number of names); 0 when unknown. */
        long bytes() {
            return Math.max(0, first().chosen().size());
        }
    }

    FetchPlan {
        contents = List.copyOf(contents);
        present = List.copyOf(present);
        refused = List.copyOf(refused);
    }

    /**
     * @param offers per name (in name order), the peers offering it in walk order
     * @param isHere whether a name is already in the folder
     */
    static FetchPlan of(Map<SharedName, List<Candidate>> offers, Predicate<SharedName> isHere) {
        Map<Object, List<Wanted>> byContent = new LinkedHashMap<>();
        List<Candidate> present = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        for (Map.Entry<SharedName, List<Candidate>> entry : offers.entrySet()) {
            Candidate chosen = choose(entry.getValue());
            if (isHere.test(entry.getKey())) {
                present.add(chosen);
                continue;
            }
            Optional<String> unverifiable = unverifiable(chosen);
            if (unverifiable.isPresent()) {
                refused.add(new Refusal(chosen, unverifiable.get()));
                continue;
            }
            List<Candidate> holders = chosen.sha256() == null
                    ? entry.getValue().stream().filter(c -> c.sha256() == null).toList()
                    : entry.getValue().stream().filter(chosen::sameContentAs).toList();
            // a name without a hash is keyed by itself: it can be shown equal to nothing
            Object content = chosen.sha256() == null ? entry.getKey() : new Content(chosen.sha256(), chosen.size());
            byContent.computeIfAbsent(content, c -> new ArrayList<>()).add(new Wanted(chosen, holders));
        }
        return new FetchPlan(byContent.values().stream().map(SameBytes::new).toList(), present, refused);
    }

    /** Why the chosen version cannot be verified once fetched, if it cannot. */
    private static Optional<String> unverifiable(Candidate chosen) {
        if (chosen.hashPending()) {
            return Optional.of(chosen.peer().url() + " did not finish hashing it within " + ClientRun.HASH_WAIT.toSeconds() + " s");
        }
        if (chosen.sha256() == null && !chosen.peer().isLegacy()) { // only original peers, which have none, are exempt
            return Optional.of("no peer listed its SHA-256, so it could not be verified");
        }
        return Optional.empty();
    }

    /** Names this plan writes. */
    int files() {
        return contents.stream().mapToInt(c -> c.names().size()).sum();
    }

    /** Bytes this plan moves over the network (before anything already here is resumed). */
    long bytes() {
        return contents.stream().mapToLong(SameBytes::bytes).sum();
    }

    /** The version of a name to fetch: the first verifiable one (with a hash) in walk order, else the first. */
    private static Candidate choose(List<Candidate> offers) {
        return offers.stream().filter(c -> c.sha256() != null).findFirst().orElse(offers.get(0));
    }

    private record Content(String sha256, long size) {
    }
}
