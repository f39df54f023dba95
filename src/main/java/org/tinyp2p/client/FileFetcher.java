package org.tinyp2p.client;

import org.tinyp2p.DaemonThreads;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tinyp2p.protocol.Protocol;
import java.util.List;
import java.util.Optional;
import org.tinyp2p.Report;
import org.tinyp2p.files.AtomicDownload;
import org.tinyp2p.files.FileNames;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.RemotePeer;

/**
 * Moves one file into the target folder from the peers that hold the same bytes (same SHA-256 and size):
 * through the raw path where offered, else XML-RPC chunks. If a peer fails mid-file, the next one carries on
 * from the bytes already here; the result is verified before it gets its name, and bytes that do not verify
 * are fetched again from peers not used yet. Files from original TinyP2P peers, which have no hash, move
 * whole and unverified.
 */
final class FileFetcher {
    /** Why a file could not be fetched, in a line. */
    static final class Failed extends Exception {
        Failed(String message) {
            super(message, null, false, false);
        }
    }

    /** What was fetched: bytes this run moved, and where they started (non-zero when resumed). */
    record Fetched(long size, long resumedFrom, List<RemotePeer> peers) {
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
    /** XML-RPC fetch calls in flight per file. */
    static final int CHUNKS_IN_FLIGHT = 3;
    private static final ExecutorService CHUNK_CALLS = Executors.newCachedThreadPool(new DaemonThreads("tinyp2p-chunk"));

    private final Path folder;
    private final boolean useRaw;
    private final Report report;
    private final Progress progress;

    FileFetcher(Path folder, boolean useRaw, Report report, Progress progress) {
        this.folder = folder;
        this.useRaw = useRaw;
        this.report = report;
        this.progress = progress;
    }

    /**
     * @param holders peers holding the same content, best first
     * @throws IOException for local trouble: the disk, a file of that name appearing meanwhile, another run
     */
    Fetched fetch(List<Candidate> holders) throws Failed, IOException {
        Candidate first = holders.get(0);
        return first.sha256() == null ? fetchUnverified(holders) : fetchVerified(holders);
    }

    private Fetched fetchVerified(List<Candidate> holders) throws Failed, IOException {
        Candidate first = holders.get(0);
        String name = first.name();
        long size = first.size();
        List<Candidate> unused = new ArrayList<>(holders);
        String lastProblem = "no peer has it";
        boolean split = useRaw;
        try (AtomicDownload download = AtomicDownload.resume(folder, name, first.sha256(), BUSY_STALL)) {
            if (download.size() > size) {
                download.restart();
            }
            long resumedFrom = download.size();
            progress.fileStarted(name, resumedFrom);
            while (!unused.isEmpty()) {
                List<Candidate> usedThisRound = new ArrayList<>();
                List<Candidate> raw = unused.stream().filter(c -> c.file().raw()).toList();
                if (split && RangedTransfer.worthIt(size - download.size(), raw.size())) {
                    List<Candidate> sources = raw.subList(0, Math.min(RangedTransfer.MAX_PEERS, raw.size()));
                    Optional<RangedTransfer.Outcome> ranged = RangedTransfer.tryRun(download, size, report, progress, sources);
                    if (ranged.isPresent()) {
                        report.debug("fetched " + FileNames.quote(name) + " as ranges from " + describe(sources));
                        usedThisRound.addAll(sources);
                        unused.removeAll(ranged.get().failed());
                        if (ranged.get().lastProblem() != null) {
                            lastProblem = ranged.get().lastProblem();
                        }
                        if (download.size() == size) {
                            unused.removeAll(sources);
                        }
                    }
                }
                for (Candidate holder : List.copyOf(unused)) {
                    if (download.size() == size) {
                        break;
                    }
                    usedThisRound.remove(holder);
                    usedThisRound.add(holder);
                    unused.remove(holder);
                    try {
                        transfer(holder, download, size);
                    } catch (PeerException e) {
                        lastProblem = e.getMessage();
                        report.warn("Could not fetch all of " + FileNames.quote(name) + ": " + lastProblem
                                + (unused.isEmpty() ? "" : "; carrying on from another peer at byte " + download.size()));
                    }
                }
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
                    report.warn("Discarded " + FileNames.quote(name) + ": " + lastProblem
                            + (unused.isEmpty() ? "" : "; fetching it again from " + (split ? "another peer" : "one peer at a time")));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lastProblem = "interrupted";
        }
        throw new Failed(lastProblem);
    }

    private Fetched fetchUnverified(List<Candidate> holders) throws Failed, IOException {
        String lastProblem = "no peer has it";
        for (Candidate holder : holders) {
            try (AtomicDownload download = AtomicDownload.begin(folder, holder.name())) {
                try {
                    if (holder.peer().isLegacy()) {
                        download.write(holder.peer().fetchWhole(holder.name()));
                    } else {
                        transfer(holder, download, holder.size());
                    }
                } catch (PeerException e) {
                    lastProblem = e.getMessage();
                    report.warn("Could not fetch " + FileNames.quote(holder.name()) + ": " + lastProblem);
                    continue;
                }
                download.commit();
                return new Fetched(download.size(), 0, List.of(holder.peer()));
            }
        }
        throw new Failed(lastProblem);
    }

    /** Brings {@code download} up to {@code size} bytes from one peer, from wherever it stands. */
    private void transfer(Candidate holder, AtomicDownload download, long size) throws PeerException, IOException {
        RemotePeer peer = holder.peer();
        String name = holder.name();
        if (useRaw && holder.file().raw() && download.size() < size) {
            try {
                peer.download(name, download.size(), holder.sha256(), bytes -> {
                    if (download.size() + bytes.remaining() > size) {
                        throw new TooLong();
                    }
                    int n = bytes.remaining();
                    download.write(bytes);
                    progress.advance(n);
                });
            } catch (TooLong e) {
                throw PeerException.badAnswer(peer.url(), "sent more of " + name + " than its listed size");
            }
        }
        fetchChunks(peer, name, download, size);
    }

    /**
     * The XML-RPC path: {@link #CHUNKS_IN_FLIGHT} fetch calls at once, written in order, so the peer encodes
     * the next chunk while this side decodes the last. A peer that answers short chunks is simply asked again
     * from where the file stands.
     */
    private void fetchChunks(RemotePeer peer, String name, AtomicDownload download, long size) throws PeerException, IOException {
        Deque<Future<RemotePeer.Chunk>> window = new ArrayDeque<>();
        long next = download.size();
        try {
            while (download.size() < size) {
                while (window.size() < CHUNKS_IN_FLIGHT && next < size) {
                    long offset = next;
                    window.add(CHUNK_CALLS.submit(() -> peer.fetch(name, offset)));
                    next += Protocol.MAX_CHUNK;
                }
                RemotePeer.Chunk chunk = await(window.poll());
                try {
                    if (chunk.fileSize() != size) {
                        throw PeerException.badAnswer(peer.url(), name + " changed on the server during the transfer");
                    }
                    long expected = Math.min(Protocol.MAX_CHUNK, size - download.size());
                    if (chunk.length() == 0 || chunk.length() > expected) {
                        throw PeerException.badAnswer(peer.url(), "the chunks of " + name + " do not add up to its size");
                    }
                    download.write(chunk.data().view());
                    progress.advance(chunk.length());
                    if (chunk.length() < expected) { // a short chunk: the calls in flight asked for the wrong offsets
                        window.forEach(f -> f.cancel(true));
                        window.clear();
                        next = download.size();
                    }
                } finally {
                    chunk.release();
                }
            }
        } finally {
            window.forEach(f -> f.cancel(true));
        }
    }

    private static RemotePeer.Chunk await(Future<RemotePeer.Chunk> call) throws PeerException {
        try {
            return call.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PeerException peerFailure) {
                throw peerFailure;
            }
            throw new IllegalStateException("a chunk call failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException(null, PeerException.Kind.UNREACHABLE, 0, "interrupted", e);
        }
    }

    private static String describe(List<Candidate> used) {
        return used.stream().map(c -> c.peer().url().toString()).reduce((a, b) -> a + ", " + b).orElse("?");
    }

    /** A peer tried to send more than the listing said; raised inside the sink, turned into a bad answer. */
    private static final class TooLong extends IOException {
        TooLong() {
            super("more bytes than the listed size");
        }
    }
}
