package org.tinyp2p.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tinyp2p.Failure;

class SharedFolderTest {
    @TempDir
    Path dir;
    @TempDir
    Path outside;
    SharedFolder folder;

    @BeforeEach
    void fill() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "a");
        Files.writeString(dir.resolve(".hidden"), "secret");
        Files.createDirectory(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub").resolve("inner.txt"), "inner");
        Files.writeString(outside.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(dir.resolve("link-out"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(dir.resolve("link-in"), dir.resolve("a.txt"));
        Files.createSymbolicLink(dir.resolve("link-hidden"), dir.resolve(".hidden"));
        Files.createSymbolicLink(dir.resolve("link-dir"), outside);
        folder = SharedFolder.open(dir);
    }

    @Test
    void listsOnlyVisibleRegularFilesInside() throws IOException {
        assertEquals(List.of(new SharedFile("a.txt", 1), new SharedFile("link-in", 1)), folder.list(n -> true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/etc/passwd", "sub", "sub/inner.txt", "link-out", "link-hidden", "link-dir", "",
        ".hidden", ".", "..", "missing.txt", "../../../../etc/passwd", "a.txt/", "a.txt\u0000"})
    void refusesEveryNameThatIsNotASharedFile(String name) {
        assertTrue(folder.resolve(name).isEmpty(), name);
    }

    @Test
    void theListingIsLive() throws IOException {
        Files.writeString(dir.resolve("later.txt"), "new");
        assertTrue(folder.list(n -> true).contains(new SharedFile("later.txt", 3)));
        assertTrue(folder.resolve("later.txt").isPresent());
    }

    @Test
    void explainsAFolderItCannotUse() throws IOException {
        assertTrue(assertThrows(Failure.class, () -> SharedFolder.open(dir.resolve("nope"))).getMessage().startsWith("Folder does not exist"));
        assertTrue(assertThrows(Failure.class, () -> SharedFolder.open(dir.resolve("a.txt"))).getMessage().startsWith("Path is not a folder"));
    }

    @Test
    void openingReadsTheFileAndRefusesWhatIsNotARegularFileThere() throws Exception {
        try (java.nio.channels.FileChannel a = folder.openRead("a.txt").orElseThrow()) {
            assertEquals(1, a.size());
        }
        try (java.nio.channels.FileChannel viaLink = folder.openRead("link-in").orElseThrow()) {
            assertEquals(1, viaLink.size(), "a link that stays inside is served, as documented");
        }
        assertTrue(folder.openRead("link-out").isEmpty());
        assertTrue(folder.openRead("sub").isEmpty());
        Path fifo = dir.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        if (mkfifo.waitFor() == 0) {
            long start = System.nanoTime();
            assertTrue(folder.openRead("pipe").isEmpty(), "a FIFO is not opened (opening one would block)");
            assertTrue(System.nanoTime() - start < 2_000_000_000L);
        }
    }

    @Test
    void aFolderOthersCanWriteInIsWarnedOf() throws Exception {
        assertTrue(folder.looselyWritable().isEmpty(), folder.looselyWritable().toString());
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(folder.looselyWritable().orElseThrow().contains("can be written by others too (rwxrwxrwx)"));
    }
}
