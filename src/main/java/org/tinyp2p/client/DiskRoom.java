package org.tinyp2p.client;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.tinyp2p.files.DownloadFolder;

/**
 * The free space of the download folder's file store, shared by a run's parallel downloads: each takes what it
 * needs before it starts and gives it back when it ends, so downloads that each fit alone cannot together fill
 * the disk. A download in flight counts as needing all its bytes, those it has written too: cautious by at most
 * what the downloads in flight have written, and only when the disk is nearly full. A reserve stays free beyond
 * what the downloads need: {@code --min-free}, else {@link #defaultReserve} of the file store's size.
 */
final class DiskRoom {
    /** The most the default reserve keeps free: on a large disk, room for the system to go on. */
    static final long MOST_RESERVE = 64L << 20;
    /**
     * The default reserve's share of the file store's size, so that a small one is usable: 64 MiB kept free
     * refused a 6-byte file on a 16 MiB file system, where 5% keeps 819 KiB.
     */
    static final int RESERVE_PERCENT = 5;
    private static final long RECHECK_MILLIS = 1_000;

    private final DownloadFolder folder;
    private final OptionalLong minFree;
    /** Found on first use, from the file store's size; -1 until then. */
    private long reserve = -1;
    private long taken;

    /** @param minFree bytes to keep free ({@code --min-free}); empty for the default of the folder's file store */
    DiskRoom(DownloadFolder folder, OptionalLong minFree) {
        this.folder = folder;
        this.minFree = minFree;
    }

    /** The smaller of {@link #MOST_RESERVE} and {@link #RESERVE_PERCENT}% of a file store of {@code totalBytes}. */
    static long defaultReserve(long totalBytes) {
        if (totalBytes <= 0) {
            return MOST_RESERVE; // a file store that does not tell its size: the cautious one
        }
        // the per cent of the hundreds and of the rest: totalBytes * 5 / 100 to the byte, without overflowing
        return Math.min(MOST_RESERVE, totalBytes / 100 * RESERVE_PERCENT + totalBytes % 100 * RESERVE_PERCENT / 100);
    }

    private long free() throws IOException {
        if (reserve < 0) {
            reserve = minFree.orElse(defaultReserve(folder.totalSpace()));
        }
        return folder.usableSpace();
    }

    /** The bytes this room keeps free on the folder's file store. */
    synchronized long reserve() throws IOException {
        free();
        return reserve;
    }

    /**
     * Takes {@code bytes}, waiting while they fit only once the others' room comes back; why they do not fit,
     * or empty if they were taken (give them back with {@link #release}). Nothing is written before, so a
     * refused file leaves nothing behind.
     */
    synchronized Optional<String> take(long bytes) throws IOException, InterruptedException {
        if (bytes <= 0) {
            return Optional.empty();
        }
        long free = free();
        // subtracted, not added: bytes and a --min-free of any size cannot overflow
        while (taken > 0 && bytes > free - reserve - taken && bytes <= free - reserve) {
            wait(RECHECK_MILLIS); // others use the disk too: the free space is looked at again now and then
            free = free();
        }
        return takeNow(bytes, free);
    }

    /**
     * For a dry run: takes {@code bytes} for good if they fit now, as the file's landing would; never waits.
     * Called for each file in the order a run would write them, it refuses what the run would.
     */
    synchronized Optional<String> forecast(long bytes) throws IOException {
        return bytes <= 0 ? Optional.empty() : takeNow(bytes, free());
    }

    private Optional<String> takeNow(long bytes, long free) {
        if (bytes <= free - reserve - taken) {
            taken += bytes;
            return Optional.empty();
        }
        return Optional.of("not enough free space in " + folder.root() + ": it needs " + bytes + " bytes and " + free + " are free ("
                + (taken > 0 ? taken + " of them promised to downloads under way, " : "")
                + "keeping " + sizeText(reserve) + " free; see --min-free)");
    }

    synchronized void release(long bytes) {
        if (bytes > 0) {
            taken -= bytes;
            notifyAll();
        }
    }

    /** A size for people: bytes below 1 KiB, else the largest 1024-based unit with one decimal (3.2 MiB, 64 MiB). */
    static String sizeText(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int unit = (63 - Long.numberOfLeadingZeros(bytes)) / 10 - 1;
        String number = String.format(Locale.ROOT, "%.1f", bytes / Math.pow(1024, unit + 1));
        return (number.endsWith(".0") ? number.substring(0, number.length() - 2) : number) + " " + units[unit];
    }
}
