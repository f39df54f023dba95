package org.tinyp2p.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tinyp2p.testing.Names.name;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadFolderTest {
    static final byte[] BYTES = "deep bytes".getBytes(StandardCharsets.UTF_8);
    static final long MODIFIED = 1_600_000_000_000L;

    @TempDir
    Path tmp;
    Path root;
    Path outside;
    DownloadFolder folder;

    @BeforeEach
    void open() throws Exception {
        root = Files.createDirectories(tmp.resolve("into"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        folder = DownloadFolder.open(root);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    void fetch(String wire) throws Exception {
        try (AtomicDownload download = folder.resume(name(wire), sha256(BYTES), Duration.ZERO)) {
            download.keepTime(MODIFIED);
            download.write(BYTES);
            download.commit();
        }
    }

    @Test
    void aNameDeepInTheTreeGetsItsFoldersAtItsCommitAndKeepsItsTime() throws Exception {
        fetch("Music/Artist/Album/track.flac");
        Path file = root.resolve("Music/Artist/Album/track.flac");
        assertEquals("deep bytes", Files.readString(file));
        assertEquals(MODIFIED, Files.getLastModifiedTime(file).toMillis(), "photos sorted by date stay sorted");
        assertTrue(folder.holds(name("Music/Artist/Album/track.flac")));
        assertFalse(folder.holds(name("Music/Artist/Album/other.flac")));
    }

    @Test
    void aDownloadThatIsNotCommittedMakesNoFolder() throws Exception {
        try (AtomicDownload download = folder.begin(name("empty/never/x.txt"))) {
            download.write(BYTES);
        }
        assertFalse(Files.exists(root.resolve("empty")), "folders without a fetched file are not made");
    }

    @Test
    void aPlantedLinkInAParentComponentIsNeitherWrittenNorLookedThrough() throws Exception {
        Files.createSymbolicLink(root.resolve("sub"), outside);
        Files.writeString(outside.resolve("present.txt"), "theirs");
        assertFalse(folder.holds(name("sub/present.txt")), "not looked up through the link");
        DownloadFolder.Blocked blocked = assertThrows(DownloadFolder.Blocked.class, () -> fetch("sub/x.txt"));
        assertEquals("'sub' in the folder is a link, and nothing is written through a link", blocked.getMessage());
        assertEquals(java.util.List.of("present.txt"), list(outside), "nothing written outside the folder");
    }

    @Test
    void aLinkPlantedAfterTheDownloadBeganIsRefusedAtTheCommit() throws Exception {
        try (AtomicDownload download = folder.resume(name("late/x.txt"), sha256(BYTES), Duration.ZERO)) {
            download.write(BYTES);
            Files.createSymbolicLink(root.resolve("late"), outside);
            assertThrows(DownloadFolder.Blocked.class, download::commit);
        }
        assertEquals(java.util.List.of(), list(outside));
    }

    @Test
    void aFileWhereAFolderShouldBeBlocksTheNameAndIsLeftAlone() throws Exception {
        Files.writeString(root.resolve("Album"), "a file of mine");
        DownloadFolder.Blocked blocked = assertThrows(DownloadFolder.Blocked.class, () -> fetch("Album/track.flac"));
        assertEquals("'Album' in the folder is a file, not a folder", blocked.getMessage());
        assertEquals("a file of mine", Files.readString(root.resolve("Album")));
    }

    @Test
    void aCopyLandsDeepToo() throws Exception {
        fetch("a/one.txt");
        folder.copy(name("a/one.txt"), name("b/c/two.txt"), sha256(BYTES), BYTES.length, MODIFIED);
        assertEquals("deep bytes", Files.readString(root.resolve("b/c/two.txt")));
        assertEquals(MODIFIED, Files.getLastModifiedTime(root.resolve("b/c/two.txt")).toMillis());
    }

    @Test
    void anInterruptedDownloadDeepInTheTreeResumes() throws Exception {
        try (AtomicDownload download = folder.resume(name("x/y/z.bin"), sha256(BYTES), Duration.ZERO)) {
            download.write(java.util.Arrays.copyOf(BYTES, 4));
        } // the run stopped: its bytes are kept at the top of the folder
        assertEquals(4, folder.partBytes(sha256(BYTES), BYTES.length));
        try (AtomicDownload download = folder.resume(name("x/y/z.bin"), sha256(BYTES), Duration.ZERO)) {
            assertEquals(4, download.size(), "carried on from the bytes kept");
            download.write(java.util.Arrays.copyOfRange(BYTES, 4, BYTES.length));
            download.commit();
        }
        assertEquals("deep bytes", Files.readString(root.resolve("x/y/z.bin")));
    }

    private static java.util.List<String> list(Path dir) throws Exception {
        try (var entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
