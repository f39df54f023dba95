package org.tinyp2p.files;

import static org.tinyp2p.testing.Names.name;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartFilesTest {
    @TempDir
    Path dir;

    static final String SHA = "ab".repeat(32);

    Path part(String sha) {
        return dir.resolve(".tinyp2p-" + sha + ".part");
    }

    @Test
    void aPlantedHardLinkOrSymbolicLinkIsLeftAloneAndNotWrittenThrough() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Files.createLink(part(SHA), victim);
        assertEquals(Optional.of("it has another name too (a hard link)"), PartFiles.problem(part(SHA)));
        assertThrows(AtomicDownload.UnsafePartException.class, () -> AtomicDownload.resume(dir, name("f.bin"), SHA));
        assertEquals("precious", Files.readString(victim));
        Files.delete(part(SHA));
        Files.createSymbolicLink(part(SHA), victim);
        assertEquals(Optional.of("it is not a regular file"), PartFiles.problem(part(SHA)));
        assertThrows(AtomicDownload.UnsafePartException.class, () -> AtomicDownload.resume(dir, name("f.bin"), SHA));
        assertEquals("precious", Files.readString(victim));
        assertTrue(Files.isSymbolicLink(part(SHA)), "left alone");
    }

    @Test
    void stalePartsAreRemovedButNotFreshOnesOrOnesInUse() throws Exception {
        String fresh = "cd".repeat(32);
        String used = "ef".repeat(32);
        for (String sha : List.of(SHA, fresh, used)) {
            Files.writeString(part(sha), "bytes");
        }
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - PartFiles.STALE.toMillis() - 60_000);
        Files.setLastModifiedTime(part(SHA), old);
        Files.setLastModifiedTime(part(used), old);
        try (FileChannel channel = FileChannel.open(part(used), StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            assertEquals(List.of(part(SHA).getFileName().toString()), PartFiles.removeStale(dir));
        }
        assertTrue(Files.exists(part(fresh)) && Files.exists(part(used)));
    }
}
