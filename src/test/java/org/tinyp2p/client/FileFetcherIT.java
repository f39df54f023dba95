package org.tinyp2p.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tinyp2p.Report;
import org.tinyp2p.files.NameMatcher;
import org.tinyp2p.protocol.ListedFile;
import org.tinyp2p.protocol.RemotePeer;
import org.tinyp2p.server.TinyServer;
import org.tinyp2p.testing.Folders;
import org.tinyp2p.testing.ServerFixture;

/** A file that changes on the server between its listing and its transfer never yields a mixed file. */
class FileFetcherIT {
    @TempDir
    Path shared;
    @TempDir
    Path into;
    final ServerFixture servers = new ServerFixture();

    @AfterEach
    void stop() {
        servers.close();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aFileChangedAfterItWasListedIsNotRenamedIntoPlace(boolean raw) throws Exception {
        Folders.write(shared, "report.doc", Folders.random(3_000_000, 1));
        TinyServer server = servers.start(shared, "pw", null);
        RemotePeer peer = ServerFixture.dialer("pw").peer(server.url());
        List<ListedFile> listing = peer.list(NameMatcher.substring("report"));
        assertEquals(1, listing.size());

        // same size, other bytes: only the hash can tell
        Folders.write(shared, "report.doc", Folders.random(3_000_000, 2));
        Files.setLastModifiedTime(shared.resolve("report.doc"), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));

        FileFetcher.Result result;
        try (org.tinyp2p.client.transfer.TransferPools pools = new org.tinyp2p.client.transfer.TransferPools()) {
            FileFetcher fetcher = new FileFetcher(org.tinyp2p.files.DownloadFolder.open(into), raw, Report.SILENT, Progress.NONE, pools, new Prefetched(Report.SILENT));
            result = fetcher.fetch(List.of(new Candidate(peer, listing.get(0), org.tinyp2p.testing.Names.name(listing.get(0).name()))));
        }
        String reason = assertInstanceOf(FileFetcher.Missed.class, result).reason();
        assertTrue(reason.contains("changed on the server") || reason.contains("did not match"), reason);
        assertEquals(Set.of(), Folders.contents(into).keySet(), "neither the file nor its temporary bytes");
    }
}
