package org.tinyp2p.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        Optional<String> second = room.take(2 * GIB);
        assertTrue(second.isPresent(), "2 GiB more do not fit beside the first download");
        assertTrue(second.get().startsWith("not enough free space in " + folder + ": it needs " + 2 * GIB + " bytes"), second.get());
        assertTrue(second.get().contains(first + " of them promised to downloads under way"), second.get());
        room.release(first);
        assertEquals(Optional.empty(), room.take(2 * GIB), "room given back is room again");
    }

    @Test
    void nothingToWriteAlwaysFits() throws Exception {
        DiskRoom room = new DiskRoom(folder);
        assertEquals(Optional.empty(), room.take(0));
        assertEquals(Optional.empty(), room.take(-5), "a size a peer lied about is refused elsewhere, not here");
        assertTrue(room.take(Long.MAX_VALUE / 2).isPresent());
    }
}
