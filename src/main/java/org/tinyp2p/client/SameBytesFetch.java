package org.tinyp2p.client;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import org.tinyp2p.Report;
import org.tinyp2p.files.AtomicDownload;
import org.tinyp2p.files.DownloadFolder;
import org.tinyp2p.files.SharedName;
import org.tinyp2p.peer.PeerUrl;

/**
 * Brings every name of one {@link FetchPlan.SameBytes} into the folder. The bytes cross the network once, for
 * the first name that gets them; every other name gets a local copy of that file, verified and named like a
 * download. A copy that does not verify (the first file was changed meanwhile) is fetched over the network
 * instead, and a name whose peers all failed still gets a copy if another name got the bytes.
 */
final class SameBytesFetch {
    static final String ANOTHER_RUN = "another run is downloading it into this folder";

    private final FileFetcher fetcher;
    private final DownloadFolder folder;
    private final Report report;
    private final Progress progress;
    private final RunOutcomes outcomes;
    private final DiskRoom room;

    /** A name this run gave the bytes (each copy verifies that it still holds them), and the peer they came from. */
    private record Source(SharedName name, PeerUrl peer) {
    }

    /** A name the network could not bring, and why: it may still get a copy. */
    private record Missed(FetchPlan.Wanted wanted, String reason) {
    }

    SameBytesFetch(FileFetcher fetcher, DownloadFolder folder, DiskRoom room, Report report, Progress progress, RunOutcomes outcomes) {
        this.fetcher = fetcher;
        this.folder = folder;
        this.room = room;
        this.report = report;
        this.progress = progress;
        this.outcomes = outcomes;
    }

    void fetch(FetchPlan.SameBytes content) {
        Source source = null;
        List<Missed> missed = new ArrayList<>();
        for (FetchPlan.Wanted wanted : content.names()) {
            if (source != null) {
                if (copied(source, wanted)) {
                    continue;
                }
                source = null; // it no longer holds the bytes
            }
            source = download(wanted, missed);
        }
        for (Missed m : missed) {
            if (source == null || !copied(source, m.wanted())) {
                outcomes.failed(outcome(m.wanted().chosen(), m.reason()));
            }
        }
    }

    /** Fetches one name over the network; the file that now holds its bytes, or null. */
    private Source download(FetchPlan.Wanted wanted, List<Missed> missed) {
        Candidate chosen = wanted.chosen();
        SharedName name = chosen.name();
        try {
            Optional<FileFetcher.Result> fetched = fetchWithRoom(wanted);
            if (fetched.isEmpty()) {
                return null; // no room: counted as failed
            }
            if (fetched.get() instanceof FileFetcher.Missed miss) {
                missed.add(new Missed(wanted, miss.reason()));
                return null;
            }
            FileFetcher.Fetched result = (FileFetcher.Fetched) fetched.get();
            report.info("Fetched " + name.quoted() + " (" + result.size() + " bytes) from " + result.describePeers()
                    + (result.resumedFrom() > 0 ? " (resumed at byte " + result.resumedFrom() + ")" : ""));
            RunSummary.Outcome done = new RunSummary.Outcome(name.wire(), result.size(), chosen.sha256(), result.lastPeer().url(), null);
            outcomes.fetched(done, result.size() - result.resumedFrom());
            return chosen.sha256() == null ? null : new Source(name, done.peer());
        } catch (FileAlreadyExistsException e) {
            report.warn("Not fetching " + name.quoted() + ": a file of that name appeared in the folder meanwhile");
            outcomes.skipped(alreadyHere(chosen));
            // most likely another run's download of the same bytes: the next names may copy it (if it verifies)
            return chosen.sha256() == null ? null : new Source(name, chosen.peer().url());
        } catch (AtomicDownload.UnsafePartException e) {
            report.warn("Not fetching " + name.quoted() + ": " + e.getMessage());
            outcomes.failed(outcome(chosen, e.getMessage()));
        } catch (DownloadFolder.Blocked e) {
            report.warn("Not fetching " + name.quoted() + ": " + e.getMessage());
            outcomes.failed(outcome(chosen, e.getMessage()));
        } catch (AtomicDownload.BusyException e) {
            report.warn("Not fetching " + name.quoted() + ": " + ANOTHER_RUN + ", and its bytes have not grown for "
                    + FileFetcher.BUSY_STALL.toSeconds() + " s");
            missed.add(new Missed(wanted, ANOTHER_RUN));
        } catch (IOException e) {
            outcomes.failed(outcome(chosen, "cannot write it in " + folder.root() + " (" + e.getMessage() + ")"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcomes.failed(outcome(chosen, "interrupted"));
        } finally {
            progress.fileDone(name.wire());
        }
        return null;
    }

    /** The fetch, with the disk room it needs taken for its time; empty if there is no room (counted as failed). */
    private Optional<FileFetcher.Result> fetchWithRoom(FetchPlan.Wanted wanted) throws IOException, InterruptedException {
        Candidate chosen = wanted.chosen();
        long needed = chosen.size() - folder.partBytes(chosen.sha256(), chosen.size());
        Optional<String> noRoom = room.take(needed);
        if (noRoom.isPresent()) {
            outcomes.failed(outcome(chosen, noRoom.get()));
            return Optional.empty();
        }
        try {
            return Optional.of(fetcher.fetch(wanted.holders()));
        } finally {
            room.release(needed);
        }
    }

    /** Gives the name a verified copy of the source; false if the source no longer holds the bytes. */
    private boolean copied(Source source, FetchPlan.Wanted wanted) {
        Candidate chosen = wanted.chosen();
        SharedName name = chosen.name();
        String of = source.name().quoted();
        try {
            Optional<String> noRoom = room.take(chosen.size());
            if (noRoom.isPresent()) {
                outcomes.failed(outcome(chosen, noRoom.get()));
                progress.fileDone(name.wire());
                return true; // handled: a network fetch would need the same room
            }
            try {
                folder.copy(source.name(), name, chosen.sha256(), chosen.size(), chosen.file().modified());
            } finally {
                room.release(chosen.size());
            }
            report.info("Fetched " + name.quoted() + " (" + chosen.size() + " bytes) as a copy of " + of);
            outcomes.fetched(new RunSummary.Outcome(name.wire(), chosen.size(), chosen.sha256(), source.peer(), null), 0);
            progress.fileDone(name.wire());
            return true;
        } catch (FileAlreadyExistsException e) {
            report.warn("Not fetching " + name.quoted() + ": a file of that name appeared in the folder meanwhile");
            outcomes.skipped(alreadyHere(chosen));
            progress.fileDone(name.wire());
            return true;
        } catch (IOException e) {
            report.debug("copying " + of + " to " + name.quoted() + " failed (" + e.getMessage() + "); fetching it instead");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcomes.failed(outcome(chosen, "interrupted"));
            progress.fileDone(name.wire());
            return true;
        }
    }

    static RunSummary.Outcome outcome(Candidate candidate, String reason) {
        return new RunSummary.Outcome(candidate.wire(), candidate.size(), candidate.sha256(), candidate.peer().url(), reason);
    }

    /** A name the folder already holds: skipped. */
    static RunSummary.Outcome alreadyHere(Candidate candidate) {
        return new RunSummary.Outcome(candidate.wire(), candidate.size(), candidate.sha256(), candidate.peer().url(),
                ClientRun.ALREADY_HERE, RunSummary.Skip.ALREADY_HERE);
    }
}
