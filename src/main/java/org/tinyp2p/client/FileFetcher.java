package org.tinyp2p.client;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tinyp2p.Report;
import org.tinyp2p.client.transfer.ByteSource;
import org.tinyp2p.client.transfer.RangedRunner;
import org.tinyp2p.client.transfer.RawSource;
import org.tinyp2p.client.transfer.RpcSource;
import org.tinyp2p.client.transfer.TransferPools;
import org.tinyp2p.files.AtomicDownload;
import org.tinyp2p.files.DownloadFolder;
import org.tinyp2p.files.SharedName;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.RawDownload;
import org.tinyp2p.protocol.RemotePeer;

/**
 * Moves one file into the target folder from the peers that hold the same bytes (same SHA-256 and size):
 * through the raw path where offered, else XML-RPC chunks. If a peer fails mid-file, the next one carries on
 * from the bytes already here; the result is verified before it gets its name, and bytes that do not verify
 * are fetched again from peers not used yet. Files from original TinyP2P peers, which have no hash, move
 * whole and unverified.
 */
final class FileFetcher {
    /** How fetching one file went: {@link Fetched}, or {@link Missed} with the last reason a peer gave. */
    sealed interface Result permits Fetched, Missed {
    }

    /** No peer brought the file: why, in a line. */
    record Missed(String reason) implements Result {
    }

    /** What was fetched: bytes this run moved, and where they started (non-zero when resumed). */
    record Fetched(long size, long resumedFrom, List<RemotePeer> peers) implements Result {
        /** The peer that sent the last bytes (the only one, unless ranges came from several). */
        RemotePeer lastPeer() {
            return peers.get(peers.size() - 1);
        }

        /** "A", "A and B", "A, B and C". */
        String describePeers() {
            List<String> urls = peers.stream().map(p -> p.url().toString()).toList();
            return urls.size() == 1 ? urls.get(0)
                    : String.join(", ", urls.subList(0, urls.size() - 1)) + " and " + urls.get(urls.size() - 1);
        }
    }

    /** How long to wait for another run downloading the same bytes into the folder while they do not grow. */
    static final Duration BUSY_STALL = Duration.ofSeconds(30);

    private final DownloadFolder folder;
    private final boolean useRaw;
    private final Report report;
    private final Progress progress;
    private final TransferPools pools;
    private final Prefetched prefetched;

    FileFetcher(DownloadFolder folder, boolean useRaw, Report report, Progress progress, TransferPools pools, Prefetched prefetched) {
        this.prefetched = prefetched;
        this.folder = folder;
        this.useRaw = useRaw;
        this.report = report;
        this.progress = progress;
        this.pools = pools;
    }

    /**
     * @param holders peers holding the same content, best first
     * @throws IOException for local trouble: the disk, a file of that name appearing meanwhile, another run
     */
    Result fetch(List<Candidate> holders) throws IOException {
        Candidate first = holders.get(0);
        return first.sha256() == null ? fetchUnverified(holders) : fetchVerified(holders);
    }

    private Result fetchVerified(List<Candidate> holders) throws IOException {
        Candidate first = holders.get(0);
        SharedName name = first.name();
        long size = first.size();
        List<Candidate> unused = new ArrayList<>(holders);
        String lastProblem = "no peer has it";
        boolean split = useRaw;
        try (AtomicDownload download = folder.resume(name, first.sha256(), BUSY_STALL)) {
            download.keepTime(first.file().modified());
            if (download.size() > size) {
                download.restart();
            }
            long resumedFrom = download.size();
            progress.fileStarted(name.wire(), resumedFrom);
            while (!unused.isEmpty()) {
                List<Candidate> usedThisRound = new ArrayList<>();
                List<Candidate> raw = unused.stream().filter(c -> c.file().raw()).toList();
                if (split && RangedRunner.worthIt(size - download.size(), raw.size())) {
                    lastProblem = ranges(download, size, raw, unused, usedThisRound).orElse(lastProblem);
                }
                lastProblem = oneAtATime(download, size, unused, usedThisRound).orElse(lastProblem);
                if (download.size() != size) {
                    break;
                }
                if (usedThisRound.isEmpty()) { // nothing was missing (an empty file, or all bytes kept from a run before)
                    usedThisRound.add(unused.remove(0));
                }
                try {
                    download.commit();
                    return new Fetched(size, resumedFrom, usedThisRound.stream().map(Candidate::peer).toList());
                } catch (AtomicDownload.IntegrityException e) {
                    resumedFrom = 0;
                    lastProblem = "its bytes from " + describe(usedThisRound) + " did not match the listed SHA-256";
                    if (split && usedThisRound.size() > 1) {
                        // which of the peers sent bad bytes is unknown: ask each again, one at a time
                        split = false;
                        unused = new ArrayList<>(holders);
                    }
                    report.warn("Discarded " + name.quoted() + ": " + lastProblem
                            + (unused.isEmpty() ? "" : "; fetching it again from " + (split ? "another peer" : "one peer at a time")));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lastProblem = "interrupted";
        }
        return new Missed(lastProblem);
    }

    /**
     * The rest of the file from one unused holder after another, each carrying on from the bytes already here,
     * until it is whole or none is left; the last problem, if any.
     */
    private Optional<String> oneAtATime(AtomicDownload download, long size, List<Candidate> unused, List<Candidate> used)
            throws IOException {
        String lastProblem = null;
        for (Candidate holder : List.copyOf(unused)) {
            if (download.size() == size) {
                break;
            }
            used.remove(holder);
            used.add(holder);
            unused.remove(holder);
            try {
                source(holder).read(download.size(), size, sinkInto(download));
            } catch (PeerException e) {
                lastProblem = e.getMessage();
                report.warn("Could not fetch all of " + holder.name().quoted() + ": " + lastProblem
                        + (unused.isEmpty() ? "" : "; carrying on from another peer at byte " + download.size()));
            }
        }
        return Optional.ofNullable(lastProblem);
    }

    /**
     * The rest of the file as ranges from up to {@link RangedRunner#MAX_PEERS} raw holders at once, unless another
     * file of the run comes as ranges now. Those that failed leave {@code unused}; the last problem, if any.
     */
    private Optional<String> ranges(AtomicDownload download, long size, List<Candidate> raw, List<Candidate> unused,
                                    List<Candidate> used) throws IOException, InterruptedException {
        Map<ByteSource, Candidate> holders = new LinkedHashMap<>();
        for (Candidate holder : raw.subList(0, Math.min(RangedRunner.MAX_PEERS, raw.size()))) {
            holders.put(source(holder), holder);
        }
        Optional<RangedRunner.Outcome> ranged = RangedRunner.tryRun(pools, download.size(), size, List.copyOf(holders.keySet()),
                sinkInto(download), raw.get(0).wire(), report);
        if (ranged.isEmpty()) {
            return Optional.empty();
        }
        report.debug("fetched " + raw.get(0).name().quoted() + " as ranges from " + describe(List.copyOf(holders.values())));
        used.addAll(holders.values());
        ranged.get().failed().forEach(source -> unused.remove(holders.get(source)));
        if (download.size() == size) {
            unused.removeAll(holders.values());
        }
        return Optional.ofNullable(ranged.get().lastProblem());
    }

    /**
     * The bytes a bundle already brought from this peer; else the raw path where the peer offers it (and the user
     * did not say --no-raw), else XML-RPC calls.
     */
    private ByteSource source(Candidate holder) {
        Optional<ByteSource> held = prefetched.take(holder);
        if (held.isPresent()) {
            return held.get();
        }
        return useRaw && holder.file().raw() ? new RawSource(holder.peer(), holder.wire(), holder.sha256(), holder.size())
                : new RpcSource(holder.peer(), holder.wire(), holder.size(), pools.threads());
    }

    /** Appends to the download and moves the progress shown. */
    private RawDownload.Sink sinkInto(AtomicDownload download) {
        return bytes -> {
            int n = bytes.remaining();
            download.write(bytes);
            progress.advance(n);
        };
    }

    private Result fetchUnverified(List<Candidate> holders) throws IOException {
        String lastProblem = "no peer has it";
        for (Candidate holder : holders) {
            try (AtomicDownload download = folder.begin(holder.name())) {
                download.keepTime(holder.file().modified());
                try {
                    if (holder.peer().isLegacy()) {
                        download.write(holder.peer().fetchWhole(holder.wire()));
                    } else {
                        source(holder).read(0, holder.size(), sinkInto(download));
                    }
                } catch (PeerException e) {
                    lastProblem = e.getMessage();
                    report.warn("Could not fetch " + holder.name().quoted() + ": " + lastProblem);
                    continue;
                }
                download.commit();
                return new Fetched(download.size(), 0, List.of(holder.peer()));
            }
        }
        return new Missed(lastProblem);
    }

    private static String describe(List<Candidate> used) {
        return used.stream().map(c -> c.peer().url().toString()).reduce((a, b) -> a + ", " + b).orElse("?");
    }
}
