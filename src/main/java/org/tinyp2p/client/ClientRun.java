package org.tinyp2p.client;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.tinyp2p.Report;
import org.tinyp2p.files.FileNames;
import org.tinyp2p.files.NameMatcher;
import org.tinyp2p.files.SharedFile;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.PeerDialer;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.RemotePeer;

/**
 * One client run: walk the network from a server, list every reachable peer, and fetch each matching file
 * that is not already in the folder, once, trying the next peer that has it when one fails. Names from
 * peers are checked ({@link FileNames}) before anything is written.
 */
public final class ClientRun {
    private final PeerDialer dialer;
    private final Path folder;
    private final NameMatcher matcher;
    private final Report report;

    public ClientRun(PeerDialer dialer, Path folder, NameMatcher matcher, Report report) {
        this.dialer = dialer;
        this.folder = folder;
        this.matcher = matcher;
        this.report = report;
    }

    /** @throws PeerException if the starting server cannot be reached or refuses the password */
    public RunSummary run(PeerUrl start) throws PeerException {
        long began = System.nanoTime();
        NetworkWalk.Result walk = new NetworkWalk(dialer, report).from(start);
        int unreachable = walk.unreachable().size();
        Map<String, List<Candidate>> wanted = new TreeMap<>();
        int unsafe = 0;
        int listed = 0;
        for (RemotePeer peer : walk.reached()) {
            List<SharedFile> listing;
            try {
                listing = peer.list(matcher);
                listed++;
            } catch (PeerException e) {
                report.warn("Skipping peer: " + e.getMessage());
                unreachable++;
                continue;
            }
            for (SharedFile file : listing) {
                Optional<String> problem = FileNames.problem(file.name());
                if (problem.isPresent()) {
                    report.warn("Refusing unsafe name " + FileNames.quote(file.name()) + " from " + peer.url() + ": " + problem.get());
                    unsafe++;
                } else if (matcher.test(file.name())) {
                    wanted.computeIfAbsent(file.name(), n -> new ArrayList<>()).add(new Candidate(peer, file.name(), file.size()));
                }
            }
        }

        FileFetcher fetcher = new FileFetcher(folder);
        int files = 0;
        int present = 0;
        long bytes = 0;
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, List<Candidate>> entry : wanted.entrySet()) {
            String name = entry.getKey();
            if (Files.exists(folder.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                report.debug("already here: " + FileNames.quote(name));
                present++;
                continue;
            }
            Optional<Long> fetched = fetchFromAny(fetcher, entry.getValue(), failed);
            if (fetched.isPresent() && fetched.get() >= 0) {
                files++;
                bytes += fetched.get();
            } else if (fetched.isPresent()) {
                present++;
            }
        }
        return new RunSummary(files, bytes, Duration.ofNanos(System.nanoTime() - began), listed,
                unreachable, present, unsafe, failed);
    }

    /** Bytes fetched; -1 if the file appeared locally meanwhile; empty (and a line in failed) if no peer could give it. */
    private Optional<Long> fetchFromAny(FileFetcher fetcher, List<Candidate> candidates, List<String> failed) {
        String name = candidates.get(0).name();
        String lastProblem = "";
        for (Candidate candidate : candidates) {
            try {
                long size = fetcher.fetch(candidate);
                report.info("Fetched " + FileNames.quote(name) + " (" + size + " bytes) from " + candidate.peer().url());
                return Optional.of(size);
            } catch (PeerException e) {
                lastProblem = e.getMessage();
                report.warn("Could not fetch " + FileNames.quote(name) + ": " + lastProblem);
            } catch (FileAlreadyExistsException e) {
                report.warn("Not fetching " + FileNames.quote(name) + ": a file of that name appeared in the folder meanwhile");
                return Optional.of(-1L);
            } catch (IOException e) {
                // the local disk failed: another peer would not help
                failed.add(FileNames.quote(name) + ": cannot write it in " + folder + " (" + e.getMessage() + ")");
                return Optional.empty();
            }
        }
        failed.add(FileNames.quote(name) + ": " + lastProblem);
        return Optional.empty();
    }
}
