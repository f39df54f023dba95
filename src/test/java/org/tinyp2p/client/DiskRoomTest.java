package org.tinyp2p.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskRoomTest {
    static final long GIB = 1L << 30;

    @TempDir
    Path folder;

    @Test
    void downloadsThatEachFitAloneDoNotTogetherFillTheDisk() throws Exception {
        long free = Files.getFileStore(folder).getUsableSpace();
        assumeTrue(free > 4 * GIB, "needs 4 GiB free, has " + free);
        DiskRoom room = new DiskRoom(folder);
        long first = free - DiskRoom.SPARE_BYTES - GIB; // leaves about 1 GiB
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
    void nothingToWriteAlwaysFits() throws Exception {
        DiskRoom room = new DiskRoom(folder);
        assertEquals(Optional.empty(), room.take(0));
        assertEquals(Optional.empty(), room.take(-5), "a size a peer lied about is refused elsewhere, not here");
        assertTrue(room.take(Long.MAX_VALUE / 2).isPresent());
    }
}
