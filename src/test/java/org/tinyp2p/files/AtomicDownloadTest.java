package org.tinyp2p.files;

import static org.tinyp2p.testing.Names.name;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        try (AtomicDownload download = AtomicDownload.begin(dir, name("f.bin"))) {
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
        try (AtomicDownload download = AtomicDownload.begin(dir, name("f.bin"))) {
            download.write(new byte[] {1});
        }
        assertEquals(List.of(), names());
    }

    @Test
    void neverOverwritesAFileThatAppearedMeanwhile() throws IOException {
        try (AtomicDownload download = AtomicDownload.begin(dir, name("f.bin"))) {
            download.write(new byte[] {1});
            Files.writeString(dir.resolve("f.bin"), "mine");
            assertThrows(FileAlreadyExistsException.class, download::commit);
        }
        assertEquals("mine", Files.readString(dir.resolve("f.bin")));
        assertEquals(List.of("f.bin"), names());
    }

    @Test
    void aNameThatIsNotPlainIsNeverMadeSoNoDownloadCanBeginForIt() {
        assertThrows(SharedName.Refused.class, () -> SharedName.parse("../x"));
        assertThrows(SharedName.Refused.class, () -> SharedName.parse(".tinyp2p-" + "0".repeat(64) + ".part"), "our own part files");
    }

    /** Large enough that the hash trails the writer on another thread. */
    static final byte[] LARGE = new java.util.Random(7).ints(5 * 1024 * 1024 + 3).collect(java.io.ByteArrayOutputStream::new,
            (out, i) -> out.write(i), (a, b) -> a.writeBytes(b.toByteArray())).toByteArray();

    static String sha256(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(HashCache.newDigest().digest(bytes));
    }

    private static void writeInSlices(AtomicDownload download, byte[] bytes, int from, int to) throws IOException {
        for (int at = from; at < to; at += 100_000) {
            download.write(java.nio.ByteBuffer.wrap(bytes, at, Math.min(100_000, to - at)));
        }
    }

    @Test
    void aLargeDownloadWrittenInSlicesVerifies() throws IOException {
        try (AtomicDownload download = AtomicDownload.resume(dir, name("big.bin"), sha256(LARGE))) {
            writeInSlices(download, LARGE, 0, LARGE.length);
            download.commit();
        }
        assertArrayEquals(LARGE, Files.readAllBytes(dir.resolve("big.bin")));
        assertEquals(List.of("big.bin"), names());
    }

    @Test
    void aResumedDownloadHashesTheKeptBytesWithTheNewOnes() throws IOException {
        try (AtomicDownload download = AtomicDownload.resume(dir, name("big.bin"), sha256(LARGE))) {
            writeInSlices(download, LARGE, 0, 3_000_000);
        }
        assertEquals(1, names().size(), "the part file stays for the next run");
        try (AtomicDownload download = AtomicDownload.resume(dir, name("big.bin"), sha256(LARGE))) {
            assertEquals(3_000_000, download.size());
            writeInSlices(download, LARGE, 3_000_000, LARGE.length);
            download.commit();
        }
        assertArrayEquals(LARGE, Files.readAllBytes(dir.resolve("big.bin")));
    }

    @Test
    void wrongBytesNeverGetTheNameAndARestartStartsClean() throws IOException {
        byte[] wrong = LARGE.clone();
        wrong[4_000_000] ^= 1;
        try (AtomicDownload download = AtomicDownload.resume(dir, name("big.bin"), sha256(LARGE))) {
            writeInSlices(download, wrong, 0, wrong.length);
            assertThrows(AtomicDownload.IntegrityException.class, download::commit);
            assertEquals(0, download.size(), "the wrong bytes are discarded");
            writeInSlices(download, LARGE, 0, LARGE.length);
            download.commit();
        }
        assertArrayEquals(LARGE, Files.readAllBytes(dir.resolve("big.bin")));
        assertEquals(List.of("big.bin"), names());
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aCopyIsAnIndependentVerifiedFile() throws IOException {
        Path source = Files.write(dir.resolve("a.bin"), LARGE);
        AtomicDownload.copy(source, dir, name("b.bin"), sha256(LARGE), LARGE.length, -1);
        assertArrayEquals(LARGE, Files.readAllBytes(dir.resolve("b.bin")));
        assertEquals(1, (int) Files.getAttribute(dir.resolve("b.bin"), "unix:nlink"), "a copy, not a link to the source");
        Files.write(source, new byte[] {1});
        assertArrayEquals(LARGE, Files.readAllBytes(dir.resolve("b.bin")), "changing one name leaves the other alone");
        assertEquals(List.of("a.bin", "b.bin"), names());
    }

    @Test
    void aCopyOfASourceThatChangedGetsNoName() throws IOException {
        byte[] changed = LARGE.clone();
        changed[4_000_000] ^= 1;
        Path source = Files.write(dir.resolve("a.bin"), changed);
        assertThrows(AtomicDownload.IntegrityException.class, () -> AtomicDownload.copy(source, dir, name("b.bin"), sha256(LARGE), LARGE.length, -1));
        Files.write(source, new byte[] {1, 2});
        assertThrows(AtomicDownload.IntegrityException.class, () -> AtomicDownload.copy(source, dir, name("b.bin"), sha256(LARGE), LARGE.length, -1));
        assertEquals(List.of("a.bin"), names(), "no name and no temporary file left");
    }

    @Test
    void aCopyOfEmptyBytes() throws IOException {
        Path source = Files.write(dir.resolve("a"), new byte[0]);
        AtomicDownload.copy(source, dir, name("b"), sha256(new byte[0]), 0, -1);
        assertEquals(0, Files.size(dir.resolve("b")));
    }

    @Test
    void aDownloadHeldElsewhereIsWaitedForAndEndsAsAlreadyThereWhenThatOneCommits() throws Exception {
        String sha = sha256(LARGE);
        AtomicDownload holder = AtomicDownload.resume(dir, name("big.bin"), sha);
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<?> waiter = other.submit(() -> AtomicDownload.resume(dir, name("big.bin"), sha, java.time.Duration.ofSeconds(30)));
            writeInSlices(holder, LARGE, 0, LARGE.length);
            Thread.sleep(300);
            assertEquals(false, waiter.isDone(), "waits while the other holds it");
            holder.commit();
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> waiter.get(10, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(FileAlreadyExistsException.class, e.getCause().getClass(), e.toString());
        } finally {
            holder.close();
            other.shutdownNow();
        }
        assertArrayEquals(LARGE, Files.readAllBytes(dir.resolve("big.bin")));
        assertEquals(List.of("big.bin"), names(), "nothing else is left");
    }

    @Test
    void aDownloadHeldElsewhereThatDoesNotGrowIsBusy() throws IOException {
        String sha = sha256(LARGE);
        try (AtomicDownload holder = AtomicDownload.resume(dir, name("big.bin"), sha)) {
            holder.write(new byte[] {LARGE[0]});
            assertThrows(AtomicDownload.BusyException.class, () -> AtomicDownload.resume(dir, name("big.bin"), sha));
            long start = System.nanoTime();
            assertThrows(AtomicDownload.BusyException.class, () -> AtomicDownload.resume(dir, name("big.bin"), sha, java.time.Duration.ofMillis(600)));
            assertTrue(System.nanoTime() - start >= 500_000_000L, "waited for it to grow first");
        }
    }
}
