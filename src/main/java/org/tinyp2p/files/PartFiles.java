package org.tinyp2p.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hidden {@code .tinyp2p-….part} files downloads leave in a folder. One is written to only if it is
 * what we made: a regular file we own with exactly one link (one planted as a link, hard or symbolic, to
 * another file would have us append to or truncate that file). Old ones are removed at the start of a run.
 */
public final class PartFiles {
    /** Parts untouched for this long are given up. */
    public static final Duration STALE = Duration.ofDays(7);

    private PartFiles() {
    }

    /** Why the part file at {@code part} must be left alone, or empty if it is absent or ours to use. */
    public static Optional<String> problem(Path part) throws IOException {
        Map<String, Object> attributes;
        try {
            // one look at the file: another run may remove it any moment (it then is simply absent)
            attributes = Files.readAttributes(part, "unix:isRegularFile,nlink,uid", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
            try {
                return Files.isRegularFile(part, LinkOption.NOFOLLOW_LINKS) || !Files.exists(part, LinkOption.NOFOLLOW_LINKS)
                        ? Optional.empty() : Optional.of("it is not a regular file");
            } catch (SecurityException e) {
                return Optional.of("it cannot be examined");
            }
        }
        if (!Boolean.TRUE.equals(attributes.get("isRegularFile"))) {
            return Optional.of("it is not a regular file");
        }
        if (((Number) attributes.get("nlink")).intValue() != 1) {
            return Optional.of("it has another name too (a hard link)");
        }
        if (((Number) attributes.get("uid")).longValue() != ourUid(part.getParent())) {
            return Optional.of("another user owns it");
        }
        return Optional.empty();
    }

    /** Removes part files untouched for {@link #STALE} that are ours and not in use; their names. */
    static List<String> removeStale(Path folder) {
        List<String> removed = new ArrayList<>();
        FileTime before = FileTime.fromMillis(System.currentTimeMillis() - STALE.toMillis());
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(folder, AtomicDownload.TEMP_PREFIX + "*" + AtomicDownload.TEMP_SUFFIX)) {
            for (Path part : parts) {
                if (problem(part).isEmpty() && Files.getLastModifiedTime(part, LinkOption.NOFOLLOW_LINKS).compareTo(before) < 0
                        && notInUse(part)) {
                    Files.deleteIfExists(part);
                    removed.add(part.getFileName().toString());
                }
            }
        } catch (IOException e) {
            // a folder we cannot list is reported when the run writes to it
        }
        return removed;
    }

    private static boolean notInUse(Path part) throws IOException {
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false;
        }
    }

    private static volatile Long uid;

    /** This process's user: the owner of a file it makes in {@code folder} (the download folder; looked up once). */
    private static long ourUid(Path folder) throws IOException {
        Long known = uid;
        if (known == null) {
            Path probe = Files.createTempFile(folder, AtomicDownload.TEMP_PREFIX + "uid-", ".probe");
            try {
                known = ((Number) Files.getAttribute(probe, "unix:uid")).longValue();
                uid = known;
            } finally {
                Files.deleteIfExists(probe);
            }
        }
        return known;
    }
}
