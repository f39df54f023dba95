package org.tinyp2p.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicDownloadTest {
    @TempDir
    Path dir;

    @Test
    void theNameAppearsOnlyOnCommitAndNoTemporaryFileRemains() throws IOException {
        try (AtomicDownload download = AtomicDownload.begin(dir, "f.bin")) {
            download.write(new byte[] {1, 2});
            download.write(new byte[] {3});
            assertEquals(List.of(), names().stream().filter(n -> !n.startsWith(".")).toList(), "not visible before commit");
            download.commit();
        }
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("f.bin")));
        assertEquals(List.of("f.bin"), names());
    }

    @Test
    void anAbandonedDownloadLeavesNothing() throws IOException {
        try (AtomicDownload download = AtomicDownload.begin(dir, "f.bin")) {
            download.write(new byte[] {1});
        }
        assertEquals(List.of(), names());
    }

    @Test
    void neverOverwritesAFileThatAppearedMeanwhile() throws IOException {
        try (AtomicDownload download = AtomicDownload.begin(dir, "f.bin")) {
            download.write(new byte[] {1});
            Files.writeString(dir.resolve("f.bin"), "mine");
            assertThrows(FileAlreadyExistsException.class, download::commit);
        }
        assertEquals("mine", Files.readString(dir.resolve("f.bin")));
        assertEquals(List.of("f.bin"), names());
    }

    @Test
    void refusesNamesThatAreNotPlain() {
        assertThrows(IllegalArgumentException.class, () -> AtomicDownload.begin(dir, "../x"));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
