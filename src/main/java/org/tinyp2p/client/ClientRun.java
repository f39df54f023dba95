package org.tinyp2p.client;

import org.tinyp2p.DaemonThreads;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Collections;
import org.tinyp2p.Report;
import org.tinyp2p.files.AtomicDownload;
import org.tinyp2p.files.FileNames;
import org.tinyp2p.files.HashCache;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.ListedFile;
import org.tinyp2p.protocol.PeerDialer;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.RemotePeer;

/**
 * One client run: walk the network from a server, list every reachable peer, and fetch each matching file
 * that is not already in the folder, once, several at a time. Names from peers are checked
 * ({@link FileNames}) before anything is written. When peers offer different contents under one name, the
 * first peer found with a verifiable version decides which; every peer with those same bytes can help fetch them.
 */
public final class ClientRun {
    /** How long to wait for a peer still hashing a large file before giving up on it. */
    static final Duration HASH_WAIT = Duration.ofSeconds(30);
    /** Peers pinged or listed at once. */
    static final int PEERS_AT_ONCE = 32;

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
        try {
            NetworkWalk.Result walk = new NetworkWalk(dialer, askers, report).from(start);
            Listings listings = list(walk.reached(), askers);
            Map<String, List<Candidate>> wanted = awaitHashes(listings.wanted());

            FileFetcher fetcher = new FileFetcher(options.folder(), options.raw(), report, progress);
            List<RunSummary.Outcome> fetched = Collections.synchronizedList(new ArrayList<>());
            List<RunSummary.Outcome> skipped = Collections.synchronizedList(new ArrayList<>(listings.unsafe()));
            List<RunSummary.Outcome> failed = Collections.synchronizedList(new ArrayList<>());
            AtomicLong bytes = new AtomicLong();
            List<Future<?>> downloads = new ArrayList<>();
            if (!options.dryRun()) {
                List<Candidate> toFetch = wanted.values().stream().map(ClientRun::choose)
                        .filter(c -> !Files.exists(options.folder().resolve(c.name()), LinkOption.NOFOLLOW_LINKS)).toList();
                progress.start(toFetch.size(), toFetch.stream().mapToLong(c -> Math.max(0, c.size())).sum());
            }
            for (Map.Entry<String, List<Candidate>> entry : wanted.entrySet()) {
                String name = entry.getKey();
                Candidate chosen = choose(entry.getValue());
                if (Files.exists(options.folder().resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                    report.debug("already here: " + FileNames.quote(name));
                    skipped.add(outcome(chosen, ALREADY_HERE));
                    if (options.dryRun()) {
                        report.info("Would skip " + FileNames.quote(name) + ": already here");
                    }
                } else if (options.dryRun()) {
                    report.info("Would fetch " + FileNames.quote(name) + " (" + sizeText(chosen.size()) + ") from " + chosen.peer().url());
                    fetched.add(outcome(chosen, null));
                    bytes.addAndGet(Math.max(0, chosen.size()));
                } else {
                    downloads.add(pool.submit(() -> fetch(fetcher, entry.getValue(), chosen, fetched, skipped, failed, bytes)));
                }
            }
            for (Future<?> download : downloads) {
                NetworkWalk.await(download);
            }
            progress.close();
            if (!downloads.isEmpty()) {
                AtomicDownload.syncFolder(options.folder());
            }
            List<PeerUrl> unreachable = new ArrayList<>(walk.unreachable());
            unreachable.addAll(listings.failed());
            return new RunSummary(sorted(fetched), sorted(skipped), sorted(failed), listings.listed(), unreachable, bytes.get(),
                    Duration.ofNanos(System.nanoTime() - began), options.dryRun());
        } finally {
            progress.close();
            pool.shutdownNow();
            askers.shutdownNow();
        }
    }

    private static List<RunSummary.Outcome> sorted(List<RunSummary.Outcome> outcomes) {
        synchronized (outcomes) {
            return outcomes.stream().sorted(java.util.Comparator.comparing(RunSummary.Outcome::name)).toList();
        }
    }

    private static RunSummary.Outcome outcome(Candidate candidate, String reason) {
        return new RunSummary.Outcome(candidate.name(), candidate.size(), candidate.sha256(), candidate.peer().url(), reason);
    }

    private static String sizeText(long size) {
        return size < 0 ? "size unknown" : size + " bytes";
    }

    private record Listings(Map<String, List<Candidate>> wanted, List<PeerUrl> listed, List<PeerUrl> failed, List<RunSummary.Outcome> unsafe) {
    }

    /** Lists every reached peer at once; keeps, per name, the peers offering it in walk order. */
    private Listings list(List<RemotePeer> peers, ExecutorService pool) throws InterruptedException {
        List<Future<Object>> answers = new ArrayList<>();
        for (RemotePeer peer : peers) {
            answers.add(pool.submit(() -> {
                try {
                    return peer.list(options.matcher());
                } catch (PeerException e) {
                    return e;
                }
            }));
        }
        Map<String, List<Candidate>> wanted = new TreeMap<>();
        List<PeerUrl> listed = new ArrayList<>();
        List<PeerUrl> failed = new ArrayList<>();
        List<RunSummary.Outcome> unsafe = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            Object answer = NetworkWalk.await(answers.get(i));
            if (answer instanceof PeerException e) {
                report.warn("Skipping peer: " + e.getMessage());
                failed.add(peers.get(i).url());
                continue;
            }
            listed.add(peers.get(i).url());
            @SuppressWarnings("unchecked")
            List<ListedFile> files = (List<ListedFile>) answer;
            for (ListedFile file : files) {
                Optional<String> problem = FileNames.problem(file.name());
                if (problem.isPresent()) {
                    report.warn("Refusing unsafe name " + FileNames.quote(file.name()) + " from " + peers.get(i).url() + ": " + problem.get());
                    unsafe.add(new RunSummary.Outcome(file.name(), file.size(), file.sha256(), peers.get(i).url(), UNSAFE + problem.get()));
                } else if (options.matcher().test(file.name())) {
                    wanted.computeIfAbsent(file.name(), n -> new ArrayList<>()).add(new Candidate(peers.get(i), file));
                }
            }
        }
        return new Listings(wanted, listed, failed, unsafe);
    }

    /**
     * A large file a peer is still hashing is listed without its hash: ask that peer again for a while, so
     * the download can be verified. (A peer that gives no hash for a small file is not one of ours; what it
     * sends is fetched unverified, as from an original TinyP2P peer.)
     */
    private Map<String, List<Candidate>> awaitHashes(Map<String, List<Candidate>> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + HASH_WAIT.toNanos();
        for (Map.Entry<String, List<Candidate>> entry : wanted.entrySet()) {
            List<Candidate> candidates = entry.getValue();
            for (int i = 0; i < candidates.size(); i++) {
                Candidate candidate = candidates.get(i);
                while (hashPending(candidate) && System.nanoTime() < deadline) {
                    report.debug(candidate.peer().url() + " is still hashing " + FileNames.quote(candidate.name()) + "; asking again");
                    Thread.sleep(500);
                    candidate = relist(candidate);
                }
                candidates.set(i, candidate);
            }
        }
        return wanted;
    }

    /** Our servers hash small files before they answer a listing, so only a large file's hash is worth waiting for. */
    private static boolean hashPending(Candidate candidate) {
        return candidate.sha256() == null && !candidate.peer().isLegacy() && candidate.size() > HashCache.INLINE_LIMIT;
    }

    private Candidate relist(Candidate candidate) {
        try {
            for (ListedFile file : candidate.peer().list(org.tinyp2p.files.NameMatcher.substring(candidate.name()))) {
                if (file.name().equals(candidate.name())) {
                    return new Candidate(candidate.peer(), file);
                }
            }
        } catch (PeerException e) {
            report.debug("asking " + candidate.peer().url() + " again failed: " + e.getMessage());
        }
        return candidate;
    }

    /** The version of a name to fetch: the first verifiable one (with a hash) in walk order, else the first. */
    private static Candidate choose(List<Candidate> offers) {
        return offers.stream().filter(c -> c.sha256() != null).findFirst().orElse(offers.get(0));
    }

    /** "A", "A and B", "A, B and C". */
    private static String peerList(List<RemotePeer> peers) {
        List<String> urls = peers.stream().map(p -> p.url().toString()).toList();
        return urls.size() == 1 ? urls.get(0)
                : String.join(", ", urls.subList(0, urls.size() - 1)) + " and " + urls.get(urls.size() - 1);
    }

    /** Fetches one name from the peers holding the chosen version of it, and records how it went. */
    private void fetch(FileFetcher fetcher, List<Candidate> offers, Candidate chosen, List<RunSummary.Outcome> fetched,
                       List<RunSummary.Outcome> skipped, List<RunSummary.Outcome> failed, AtomicLong bytes) {
        String name = chosen.name();
        if (hashPending(chosen)) {
            failed.add(outcome(chosen, chosen.peer().url() + " did not finish hashing it within " + HASH_WAIT.toSeconds() + " s"));
            return;
        }
        List<Candidate> holders = chosen.sha256() == null ? offers.stream().filter(c -> c.sha256() == null).toList()
                : offers.stream().filter(chosen::sameContentAs).toList();
        try {
            FileFetcher.Fetched result = fetcher.fetch(holders);
            report.info("Fetched " + FileNames.quote(name) + " (" + result.size() + " bytes) from " + peerList(result.peers())
                    + (result.resumedFrom() > 0 ? " (resumed at byte " + result.resumedFrom() + ")" : ""));
            fetched.add(new RunSummary.Outcome(name, result.size(), chosen.sha256(), result.lastPeer().url(), null));
            bytes.addAndGet(result.size() - result.resumedFrom());
        } catch (FileFetcher.Failed e) {
            failed.add(outcome(chosen, e.getMessage()));
        } catch (FileAlreadyExistsException e) {
            report.warn("Not fetching " + FileNames.quote(name) + ": a file of that name appeared in the folder meanwhile");
            skipped.add(outcome(chosen, ALREADY_HERE));
        } catch (AtomicDownload.BusyException e) {
            report.warn("Not fetching " + FileNames.quote(name) + ": another run is downloading it into this folder");
            skipped.add(outcome(chosen, "another run is downloading it into this folder"));
        } catch (IOException e) {
            failed.add(outcome(chosen, "cannot write it in " + options.folder() + " (" + e.getMessage() + ")"));
        } finally {
            progress.fileDone(name);
        }
    }
}
