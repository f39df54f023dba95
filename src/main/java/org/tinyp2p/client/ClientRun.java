package org.tinyp2p.client;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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

    private final PeerDialer dialer;
    private final ClientOptions options;
    private final Report report;

    public ClientRun(PeerDialer dialer, ClientOptions options, Report report) {
        this.dialer = dialer;
        this.options = options;
        this.report = report;
    }

    /** @throws PeerException if the starting server cannot be reached or refuses the password */
    public RunSummary run(PeerUrl start) throws PeerException, InterruptedException {
        long began = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(options.parallel(), r -> {
            Thread t = new Thread(r, "tinyp2p-client");
            t.setDaemon(true);
            return t;
        });
        try {
            NetworkWalk.Result walk = new NetworkWalk(dialer, pool, report).from(start);
            Listings listings = list(walk.reached(), pool);
            Map<String, List<Candidate>> wanted = awaitHashes(listings.wanted());

            FileFetcher fetcher = new FileFetcher(options.folder(), options.raw(), report);
            AtomicInteger present = new AtomicInteger();
            List<String> failed = java.util.Collections.synchronizedList(new ArrayList<>());
            Map<String, Future<Optional<FileFetcher.Fetched>>> downloads = new LinkedHashMap<>();
            for (Map.Entry<String, List<Candidate>> entry : wanted.entrySet()) {
                String name = entry.getKey();
                if (Files.exists(options.folder().resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                    report.debug("already here: " + FileNames.quote(name));
                    present.incrementAndGet();
                    continue;
                }
                downloads.put(name, pool.submit(() -> fetch(fetcher, entry.getValue(), present, failed)));
            }
            int files = 0;
            long bytes = 0;
            for (Future<Optional<FileFetcher.Fetched>> download : downloads.values()) {
                Optional<FileFetcher.Fetched> fetched = NetworkWalk.await(download);
                if (fetched.isPresent()) {
                    files++;
                    bytes += fetched.get().size() - fetched.get().resumedFrom();
                }
            }
            return new RunSummary(files, bytes, Duration.ofNanos(System.nanoTime() - began), listings.listed(),
                    walk.unreachable().size() + listings.failed(), present.get(), listings.unsafe(), List.copyOf(failed));
        } finally {
            pool.shutdownNow();
        }
    }

    private record Listings(Map<String, List<Candidate>> wanted, int listed, int failed, int unsafe) {
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
        int listed = 0;
        int failed = 0;
        int unsafe = 0;
        for (int i = 0; i < peers.size(); i++) {
            Object answer = NetworkWalk.await(answers.get(i));
            if (answer instanceof PeerException e) {
                report.warn("Skipping peer: " + e.getMessage());
                failed++;
                continue;
            }
            listed++;
            @SuppressWarnings("unchecked")
            List<ListedFile> files = (List<ListedFile>) answer;
            for (ListedFile file : files) {
                Optional<String> problem = FileNames.problem(file.name());
                if (problem.isPresent()) {
                    report.warn("Refusing unsafe name " + FileNames.quote(file.name()) + " from " + peers.get(i).url() + ": " + problem.get());
                    unsafe++;
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

    /**
     * Fetches one name from the peers holding one version of it: the first verifiable one (with a hash) in
     * walk order, else the first.
     */
    private Optional<FileFetcher.Fetched> fetch(FileFetcher fetcher, List<Candidate> offers, AtomicInteger present, List<String> failed) {
        Candidate chosen = offers.stream().filter(c -> c.sha256() != null).findFirst().orElse(offers.get(0));
        String name = chosen.name();
        if (hashPending(chosen)) {
            failed.add(FileNames.quote(name) + ": " + chosen.peer().url() + " did not finish hashing it within " + HASH_WAIT.toSeconds() + " s");
            return Optional.empty();
        }
        List<Candidate> holders = chosen.sha256() == null ? offers.stream().filter(c -> c.sha256() == null).toList()
                : offers.stream().filter(chosen::sameContentAs).toList();
        try {
            FileFetcher.Fetched fetched = fetcher.fetch(holders);
            report.info("Fetched " + FileNames.quote(name) + " (" + fetched.size() + " bytes) from " + fetched.lastPeer().url()
                    + (fetched.resumedFrom() > 0 ? " (resumed at byte " + fetched.resumedFrom() + ")" : ""));
            return Optional.of(fetched);
        } catch (FileFetcher.Failed e) {
            failed.add(FileNames.quote(name) + ": " + e.getMessage());
        } catch (FileAlreadyExistsException e) {
            report.warn("Not fetching " + FileNames.quote(name) + ": a file of that name appeared in the folder meanwhile");
            present.incrementAndGet();
        } catch (AtomicDownload.BusyException e) {
            report.warn("Not fetching " + FileNames.quote(name) + ": another run is downloading it into this folder");
        } catch (IOException e) {
            failed.add(FileNames.quote(name) + ": cannot write it in " + options.folder() + " (" + e.getMessage() + ")");
        }
        return Optional.empty();
    }
}
