package org.tinyp2p.server;

import java.io.IOException;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinyp2p.files.SharedFile;

/**
 * Listings too large for one answer ({@link org.tinyp2p.protocol.Protocol#FIELD_MORE}), handed out in pages.
 * The first page walks the tree afresh; the sorted listing it found is kept for a minute for its caller and
 * pattern, so the next pages cost no walk of their own. Few are kept (a member asking for many cannot hold
 * much memory): a page whose listing was let go walks again, and only costs time.
 */
final class ListingPages {
    static final long KEEP_MILLIS = 60_000;
    static final int KEPT = 4;

    /** How a listing is made afresh. */
    @FunctionalInterface
    interface Walk {
        List<SharedFile> files() throws IOException;
    }

    private record Key(String caller, String substring) {
    }

    private record Kept(List<SharedFile> files, long made) {
    }

    private final Map<Key, Kept> kept = new LinkedHashMap<>(8, 0.75f, true);

    /**
     * The listing's files after {@code after} (all of them when it is null), sorted by name.
     */
    List<SharedFile> after(String caller, String substring, String after, Walk walk) throws IOException {
        Key key = new Key(caller, substring);
        List<SharedFile> files = after == null ? null : recent(key);
        if (files == null) {
            files = walk.files();
        }
        if (after == null) {
            return files;
        }
        int at = Collections.binarySearch(files, new SharedFile(after, 0, null, null), Comparator.comparing(SharedFile::name));
        return files.subList(at >= 0 ? at + 1 : -at - 1, files.size());
    }

    /** Keeps a listing whose first page was cut, for its next pages. */
    synchronized void keep(String caller, String substring, List<SharedFile> files) {
        kept.put(new Key(caller, substring), new Kept(files, System.currentTimeMillis()));
        var oldest = kept.values().iterator();
        while (kept.size() > KEPT) {
            oldest.next();
            oldest.remove();
        }
    }

    private synchronized List<SharedFile> recent(Key key) {
        Kept found = kept.get(key);
        if (found == null || System.currentTimeMillis() - found.made() > KEEP_MILLIS) {
            kept.remove(key);
            return null;
        }
        return found.files();
    }
}
