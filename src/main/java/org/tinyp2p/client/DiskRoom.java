package org.tinyp2p.client;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The free space of the download folder's file store, shared by a run's parallel downloads: each takes what it
 * needs before it starts and gives it back when it ends, so downloads that each fit alone cannot together fill
 * the disk. A download in flight counts as needing all its bytes, those it has written too: cautious by at most
 * what the downloads in flight have written, and only when the disk is nearly full.
 */
final class DiskRoom {
    /** Room kept free on the folder's file store beyond what the downloads need. */
    static final long SPARE_BYTES = 64L << 20;
    private static final long RECHECK_MILLIS = 1_000;

    private final Path folder;
    /** Found once: finding a path's file store reads the whole mount table, a cost per file in a run of small ones. */
    private FileStore store;
    private long taken;

    DiskRoom(Path folder) {
        this.folder = folder;
    }

    private long free() throws IOException {
        if (store == null) {
            store = Files.getFileStore(folder);
        }
        return store.getUsableSpace();
    }

    /**
     * Takes {@code bytes}, waiting while they fit only once the others' room comes back; why they do not fit,
     * or empty if they were taken (give them back with {@link #release}).
     */
    synchronized Optional<String> take(long bytes) throws IOException, InterruptedException {
        if (bytes <= 0) {
            return Optional.empty();
        }
        long free = free();
        while (taken > 0 && bytes + taken + SPARE_BYTES > free && bytes + SPARE_BYTES <= free) {
            wait(RECHECK_MILLIS); // others use the disk too: the free space is looked at again now and then
            free = free();
        }
        if (bytes + taken + SPARE_BYTES <= free) {
            taken += bytes;
            return Optional.empty();
        }
        return Optional.of("not enough free space in " + folder + ": it needs " + bytes + " bytes and " + free + " are free ("
                + (taken > 0 ? taken + " of them promised to downloads under way, " : "") + (SPARE_BYTES >> 20) + " MiB kept spare)");
    }

    synchronized void release(long bytes) {
        if (bytes > 0) {
            taken -= bytes;
            notifyAll();
        }
    }
}
