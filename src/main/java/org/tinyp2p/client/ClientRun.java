package org.tinyp2p.client;

import org.tinyp2p.DaemonThreads;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tinyp2p.Report;
import org.tinyp2p.client.transfer.TransferPools;
import org.tinyp2p.files.FileNames;
import org.tinyp2p.files.PartFiles;
import org.tinyp2p.files.SharedName;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.ListedFile;
import org.tinyp2p.protocol.PeerDialer;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.RemotePeer;

/**
 * One client run: walk the network from a server, list every reachable peer, and fetch each matching file
 * that is not already in the folder, several at a time. Names from peers are checked once, as they are listed
 * ({@link SharedName}), before anything is written. When peers offer different contents under one name, the first peer found with a
 * verifiable version decides which; every peer with those same bytes can help fetch them. Names that are to
 * hold the same bytes are fetched once and copied ({@link FetchPlan}).
 */
public final class ClientRun {
    /** How long to wait for a peer still hashing a large file before giving up on it. */
    static final Duration HASH_WAIT = Duration.ofSeconds(30);
    /** Peers pinged at once. */
    static final int PEERS_AT_ONCE = 32;
    /** Peers listed at once: their answers are held until merged. */
    static final int LISTINGS_AT_ONCE = 2;
    /**
     * Files of a bundle written at once: each is flushed before it gets its name, and a journaling file system
     * commits flushes that come together as one (2,000 files of 4 KiB into ext4 with a journal: 2.6 s against
     * 2.7 s with one at a time per download thread, medians of 7 runs side by side; best runs 1.9 s against 2.4 s).
     */
    static final int WRITERS = 16;
    /** Matching files a run keeps from all listings together (each peer's own cap is Protocol.MAX_LISTING). */
    static final int MAX_KEPT = 100_000;
    /** Characters of names a run keeps from all listings together (the peers' own cap is Protocol.MAX_LISTING_CHARS). */
    static final long MAX_KEPT_CHARS = 32_000_000;

    private final PeerDialer dialer;
    private final ClientOptions options;
    private final Report report;

    private final Progress progress;

    public ClientRun(PeerDialer dialer, ClientOptions options, Report report, Progress progress) {
        this.progress = progress;
        this.dialer = dialer;
        this.options = options;
        this.report = report;
    }

    static final String ALREADY_HERE = "already here";
    static final String UNSAFE = "unsafe name: ";

    /** @throws PeerException if the starting server cannot be reached or refuses the password */
    public RunSummary run(PeerUrl start) throws PeerException, InterruptedException {
        long began = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(options.parallel(), new DaemonThreads("tinyp2p-download"));
        // Pings and listings are small; many at once keep a hostile peer naming hundreds of dead addresses
        // from costing a connect timeout each in turn.
        ExecutorService askers = Executors.newFixedThreadPool(PEERS_AT_ONCE, new DaemonThreads("tinyp2p-ask"));
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS, new DaemonThreads("tinyp2p-write"));
        TransferPools transfers = new TransferPools();
        try {
            NetworkWalk.Result walk = new NetworkWalk(dialer, askers, report).from(start);
            Listings listings = list(walk.reached(), askers);
            FetchPlan plan = FetchPlan.of(awaitHashes(listings.wanted()), options.folder()::holds);
            RunOutcomes outcomes = new RunOutcomes();
            listings.unsafe().forEach(outcomes::skipped);
            for (Candidate here : plan.present()) {
                report.debug("already here: " + here.name().quoted());
                outcomes.skipped(SameBytesFetch.alreadyHere(here));
                if (options.dryRun()) {
                    report.info("Would skip " + here.name().quoted() + ": already here");
                }
            }
            for (FetchPlan.Refusal refusal : plan.refused()) {
                if (options.dryRun()) {
                    report.info("Would not fetch " + refusal.chosen().name().quoted() + ": " + refusal.reason());
                }
                outcomes.failed(SameBytesFetch.outcome(refusal.chosen(), refusal.reason()));
            }
            DiskRoom room = new DiskRoom(options.folder(), options.minFree());
            if (options.dryRun()) {
                show(plan, outcomes, room);
            } else {
                for (String stale : options.folder().removeStale()) {
                    report.info("Removed " + FileNames.quote(stale) + ": a download nobody continued for "
                            + PartFiles.STALE.toDays() + " days");
                }
                execute(plan, outcomes, room, pool, writers, transfers);
            }
            List<PeerUrl> unreachable = new ArrayList<>(walk.unreachable());
            unreachable.addAll(listings.failed());
            return new RunSummary(outcomes.fetched(), outcomes.skipped(), outcomes.failed(), listings.listed(), unreachable,
                    outcomes.bytes(), Duration.ofNanos(System.nanoTime() - began), options.dryRun());
        } finally {
            progress.close();
            pool.shutdownNow();
            askers.shutdownNow();
            writers.shutdownNow();
            transfers.close();
        }
    }

    /**
     * A dry run: what a real run would fetch, and the copies it would make of bytes fetched once; a file that
     * would not fit on the disk (by the room the files before it would take) is shown refused, as the run would.
     */
    private void show(FetchPlan plan, RunOutcomes outcomes, DiskRoom room) {
        for (FetchPlan.SameBytes content : plan.contents()) {
            Candidate first = content.first().chosen();
            for (FetchPlan.Wanted wanted : content.names()) {
                Candidate chosen = wanted.chosen();
                boolean copy = wanted != content.first();
                long needed = copy ? chosen.size() : chosen.size() - options.folder().partBytes(chosen.sha256(), chosen.size());
                java.util.Optional<String> noRoom = forecast(room, needed);
                if (noRoom.isPresent()) {
                    report.info("Would not fetch " + chosen.name().quoted() + ": " + noRoom.get());
                    outcomes.failed(SameBytesFetch.outcome(chosen, noRoom.get()));
                    continue;
                }
                report.info("Would fetch " + chosen.name().quoted() + " (" + sizeText(chosen.size()) + ")"
                        + (copy ? " as a copy of " + first.name().quoted() : " from " + first.peer().url()));
                outcomes.fetched(SameBytesFetch.outcome(chosen, null), copy ? 0 : content.bytes());
            }
        }
    }

    private static java.util.Optional<String> forecast(DiskRoom room, long bytes) {
        try {
            return room.forecast(bytes);
        } catch (IOException e) {
            return java.util.Optional.empty(); // the free space cannot be read: a real run would find out when it writes
        }
    }

    /**
     * Each batch (a content, or small ones asked for in one bundle) on a download thread of its own, a bundle's
     * files written by {@link #WRITERS}; the names it gets are made durable together at the end.
     */
    private void execute(FetchPlan plan, RunOutcomes outcomes, DiskRoom room, ExecutorService pool, ExecutorService writers,
                         TransferPools transfers) throws InterruptedException {
        progress.start(plan.files(), plan.bytes());
        Prefetched prefetched = new Prefetched(report);
        SameBytesFetch fetch = new SameBytesFetch(new FileFetcher(options.folder(), options.raw(), report, progress, transfers, prefetched),
                options.folder(), room, report, progress, outcomes);
        List<Future<?>> downloads = new ArrayList<>();
        for (Batch batch : Batch.of(plan.contents(), options.raw(), options.parallel())) {
            downloads.add(pool.submit(() -> {
                bring(batch, prefetched, fetch, writers);
                return null;
            }));
        }
        for (Future<?> download : downloads) {
            NetworkWalk.await(download);
        }
        progress.close();
        if (!downloads.isEmpty()) {
            options.folder().sync();
        }
    }

    /**
     * One batch, on its download thread: what its bundle brought is written by the writers, many at once; the
     * rest comes from the network one at a time on this thread, as --parallel promises.
     */
    private static void bring(Batch batch, Prefetched prefetched, SameBytesFetch fetch, ExecutorService writers) throws InterruptedException {
        prefetched.fill(batch);
        try {
            List<Future<?>> writing = new ArrayList<>();
            for (FetchPlan.SameBytes content : batch.contents()) {
                if (prefetched.holds(content.first().chosen())) {
                    writing.add(writers.submit(() -> fetch.fetch(content)));
                } else {
                    fetch.fetch(content);
                }
            }
            for (Future<?> written : writing) {
                NetworkWalk.await(written);
            }
        } finally {
            prefetched.drop(batch);
        }
    }

    private static String sizeText(long size) {
        return size < 0 ? "size unknown" : size + " bytes";
    }

    private record Listings(Map<SharedName, List<Candidate>> wanted, List<PeerUrl> listed, List<PeerUrl> failed, List<RunSummary.Outcome> unsafe) {
    }

    /** Lists every reached peer at once; keeps, per name, the peers offering it in walk order. */
    private Listings list(List<RemotePeer> peers, ExecutorService pool) throws InterruptedException {
        // A window of listings in flight, taken in walk order: each answer can be megabytes, so a run holds a
        // few at a time, however many peers there are.
        List<Future<Object>> answers = new ArrayList<>();
        Offers offers = new Offers();
        List<PeerUrl> listed = new ArrayList<>();
        List<PeerUrl> failed = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            while (answers.size() < peers.size() && answers.size() < i + LISTINGS_AT_ONCE) {
                RemotePeer peer = peers.get(answers.size());
                answers.add(pool.submit(() -> {
                    try {
                        return peer.list(options.matcher());
                    } catch (PeerException e) {
                        return e;
                    }
                }));
            }
            Object answer = NetworkWalk.await(answers.get(i));
            answers.set(i, null); // let the answer go once merged
            if (answer instanceof PeerException e) {
                report.warn("Skipping peer: " + e.getMessage());
                failed.add(peers.get(i).url());
                continue;
            }
            listed.add(peers.get(i).url());
            @SuppressWarnings("unchecked")
            List<ListedFile> files = (List<ListedFile>) answer;
            offers.add(peers.get(i), files);
        }
        if (offers.cut > 0) {
            report.warn("Kept the first " + offers.kept + " matching files listed by the network; " + offers.cut
                    + " more were left out (narrow PATTERN, or a peer lists far too many)");
        }
        return new Listings(offers.wanted, listed, failed, offers.unsafe);
    }

    /** The listings merged so far: per matching name, its offers in walk order; names refused as unsafe. */
    private final class Offers {
        final Map<SharedName, List<Candidate>> wanted = new TreeMap<>();
        final List<RunSummary.Outcome> unsafe = new ArrayList<>();
        int kept;
        long keptChars;
        long cut;

        void add(RemotePeer peer, List<ListedFile> files) {
            for (ListedFile file : files) {
                SharedName name;
                try {
                    name = SharedName.parse(file.name());
                    if (peer.isLegacy() && name.depth() > 1) { // the original shares its top level only
                        throw new SharedName.Refused("an original TinyP2P peer names top-level files only");
                    }
                } catch (SharedName.Refused problem) {
                    report.warn("Refusing unsafe name " + FileNames.quote(file.name()) + " from " + peer.url() + ": " + problem.getMessage());
                    unsafe.add(new RunSummary.Outcome(file.name(), file.size(), file.sha256(), peer.url(), UNSAFE + problem.getMessage(),
                            RunSummary.Skip.UNSAFE_NAME));
                    continue;
                }
                if (options.matcher().test(file.name())) {
                    if (kept == MAX_KEPT || keptChars + file.name().length() > MAX_KEPT_CHARS) {
                        cut++;
                        continue;
                    }
                    kept++;
                    keptChars += file.name().length();
                    wanted.computeIfAbsent(name, n -> new ArrayList<>()).add(new Candidate(peer, file, name));
                }
            }
        }
    }

    /**
     * A large file a peer is still hashing is listed without its hash: ask that peer again for a while, so
     * the download can be verified. (A peer that gives no hash for a small file is not one of ours; what it
     * sends is fetched unverified, as from an original TinyP2P peer.)
     */
    private Map<SharedName, List<Candidate>> awaitHashes(Map<SharedName, List<Candidate>> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + HASH_WAIT.toNanos();
        for (Map.Entry<SharedName, List<Candidate>> entry : wanted.entrySet()) {
            List<Candidate> candidates = entry.getValue();
            for (int i = 0; i < candidates.size(); i++) {
                Candidate candidate = candidates.get(i);
                while (candidate.hashPending() && System.nanoTime() < deadline) {
                    report.debug(candidate.peer().url() + " is still hashing " + candidate.name().quoted() + "; asking again");
                    Thread.sleep(500);
                    candidate = relist(candidate);
                }
                candidates.set(i, candidate);
            }
        }
        return wanted;
    }

    private Candidate relist(Candidate candidate) {
        try {
            for (ListedFile file : candidate.peer().list(org.tinyp2p.files.NameMatcher.substring(candidate.wire()))) {
                if (file.name().equals(candidate.wire())) {
                    return new Candidate(candidate.peer(), file, candidate.name());
                }
            }
        } catch (PeerException e) {
            report.debug("asking " + candidate.peer().url() + " again failed: " + e.getMessage());
        }
        return candidate;
    }
}
