package org.tinyp2p.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.files.DownloadFolder;

class DiskRoomTest {
    static final long GIB = 1L << 30;

    @TempDir
    Path folder;

    DownloadFolder downloads() throws org.tinyp2p.Failure {
        return DownloadFolder.open(folder);
    }

    @Test
    void downloadsThatEachFitAloneDoNotTogetherFillTheDisk() throws Exception {
        long free = Files.getFileStore(folder).getUsableSpace();
        assumeTrue(free > 4 * GIB, "needs 4 GiB free, has " + free);
        DiskRoom room = new DiskRoom(downloads(), OptionalLong.empty());
        long first = free - room.reserve() - GIB; // leaves about 1 GiB
        assertEquals(Optional.empty(), room.take(first));
        Optional<String> second = room.take(first + 2 * GIB);
        assertTrue(second.isPresent(), "what does not fit even alone fails at once");
        assertTrue(second.get().startsWith("not enough free space in " + folder + ": it needs " + (first + 2 * GIB) + " bytes"), second.get());
        assertTrue(second.get().contains(first + " of them promised to downloads under way"), second.get());
        // 2 GiB fit alone but not beside the first download: they wait for its room, not fail
        java.util.concurrent.CompletableFuture<Optional<String>> waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return room.take(2 * GIB);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertFalse(waiting.isDone(), "waits while the first download holds the room");
        room.release(first);
        assertEquals(Optional.empty(), waiting.get(10, java.util.concurrent.TimeUnit.SECONDS), "room given back is room again");
    }

    @Test
    void theDefaultReserveIsFivePerCentOfTheFileStoreUpToSixtyFourMebibytes() {
        assertEquals(838_860, DiskRoom.defaultReserve(16L << 20), "16 MiB: 819 KiB, not 64 MiB");
        assertEquals(5, DiskRoom.defaultReserve(100));
        assertEquals(4, DiskRoom.defaultReserve(99), "rounded down, to the byte");
        assertEquals(0, DiskRoom.defaultReserve(19), "a few bytes of file store keep nothing");
        assertEquals(64L << 20, DiskRoom.defaultReserve(1280L << 20), "1.25 GiB: 5% is 64 MiB");
        assertEquals(64L << 20, DiskRoom.defaultReserve(2L << 40), "2 TiB: 64 MiB, not 100 GiB");
        assertEquals(64L << 20, DiskRoom.defaultReserve(Long.MAX_VALUE), "no overflow");
        assertEquals(64L << 20, DiskRoom.defaultReserve(0), "a file store that does not tell its size: the cautious reserve");
    }

    @Test
    void theDefaultIsTakenFromTheFoldersFileStoreAndMinFreeReplacesIt() throws Exception {
        long total = Files.getFileStore(folder).getTotalSpace();
        assertEquals(DiskRoom.defaultReserve(total), new DiskRoom(downloads(), OptionalLong.empty()).reserve());
        assertEquals(0, new DiskRoom(downloads(), OptionalLong.of(0)).reserve());
        assertEquals(20L << 20, new DiskRoom(downloads(), OptionalLong.of(20L << 20)).reserve());
    }

    @Test
    void aFileThatWouldEatIntoTheReserveIsRefusedNamingItAndTheOption() throws Exception {
        long free = Files.getFileStore(folder).getUsableSpace();
        assumeTrue(free > 4 * GIB, "needs 4 GiB free, has " + free);
        DiskRoom room = new DiskRoom(downloads(), OptionalLong.of(free - 2 * GIB)); // leaves about 2 GiB to take
        assertEquals(Optional.empty(), room.take(GIB), "1 GiB fits beside the reserve");
        room.release(GIB);
        Optional<String> refused = room.take(3 * GIB);
        assertTrue(refused.isPresent(), "3 GiB would eat into the reserve");
        assertTrue(refused.get().startsWith("not enough free space in " + folder + ": it needs " + 3 * GIB + " bytes and "), refused.get());
        assertTrue(refused.get().endsWith(" are free (keeping " + DiskRoom.sizeText(free - 2 * GIB) + " free; see --min-free)"), refused.get());
        assertTrue(new DiskRoom(downloads(), OptionalLong.of(0)).take(3 * GIB).isEmpty(), "with --min-free 0 it fits");
    }

    @Test
    void aReserveOfAnySizeRefusesRatherThanOverflows() throws Exception {
        DiskRoom room = new DiskRoom(downloads(), OptionalLong.of(Long.MAX_VALUE));
        assertTrue(room.take(1).isPresent());
        assertTrue(room.take(Long.MAX_VALUE).isPresent());
        assertEquals(Optional.empty(), room.take(0), "nothing to write still fits");
    }

    @Test
    void sizesReadAsPeopleWriteThem() {
        assertEquals("0 bytes", DiskRoom.sizeText(0));
        assertEquals("1 byte", DiskRoom.sizeText(1));
        assertEquals("1023 bytes", DiskRoom.sizeText(1023));
        assertEquals("1 KiB", DiskRoom.sizeText(1024));
        assertEquals("819.2 KiB", DiskRoom.sizeText(838_860));
        assertEquals("3.2 MiB", DiskRoom.sizeText(3_355_443));
        assertEquals("20 MiB", DiskRoom.sizeText(20L << 20));
        assertEquals("64 MiB", DiskRoom.sizeText(64L << 20));
        assertEquals("1.5 GiB", DiskRoom.sizeText(3L << 29));
        assertEquals("8 EiB", DiskRoom.sizeText(Long.MAX_VALUE));
    }

    @Test
    void nothingToWriteAlwaysFits() throws Exception {
        DiskRoom room = new DiskRoom(downloads(), OptionalLong.empty());
        assertEquals(Optional.empty(), room.take(0));
        assertEquals(Optional.empty(), room.take(-5), "a size a peer lied about is refused elsewhere, not here");
        assertTrue(room.take(Long.MAX_VALUE / 2).isPresent());
    }

    @Test
    void aForecastTakesForGoodAndNeverWaitsAsFilesLandingOneAfterAnotherWould() throws Exception {
        long free = Files.getFileStore(folder).getUsableSpace();
        assumeTrue(free > 4 * GIB, "needs 4 GiB free, has " + free);
        DiskRoom room = new DiskRoom(downloads(), OptionalLong.of(free - 3 * GIB)); // about 3 GiB to fill
        assertEquals(Optional.empty(), room.forecast(2 * GIB));
        Optional<String> second = room.forecast(2 * GIB);
        assertTrue(second.isPresent(), "the second 2 GiB would not fit once the first landed, and a forecast does not wait");
        assertEquals(Optional.empty(), room.forecast(GIB / 2), "a smaller one after it still fits");
    }
}
