package org.tinyp2p.files;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A file being downloaded. Bytes go to a hidden temporary file in the target folder; only {@link #commit}
 * gives the file its real name, after the bytes are on disk (and, when the expected SHA-256 is known, after
 * they are verified), and never over an existing file. A killed process leaves only a hidden file, so a real
 * name never holds half a file.
 *
 * <p>A download with a known hash is resumable: its temporary file is named after that hash, so the next run
 * (from any peer offering the same bytes) continues where this one stopped, and a changed remote file, having
 * another hash, is never grafted onto old bytes. Without a hash (original TinyP2P peers) the temporary file
 * has a random name and is removed when the download is abandoned.
 */
public final class AtomicDownload implements Closeable {
    static final String TEMP_PREFIX = ".tinyp2p-";
    static final String TEMP_SUFFIX = ".part";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The bytes did not hash to what the peers said: they were discarded. */
    public static final class IntegrityException extends IOException {
        IntegrityException(String message) {
            super(message);
        }
    }

    /** Another process is downloading the same file into the same folder right now. */
    public static final class BusyException extends IOException {
        BusyException(String message) {
            super(message);
        }
    }

    private final Path folder;
    private final String name;
    private final Path temp;
    private final FileChannel channel;
    private final FileLock lock;
    private final String expectedSha256;
    private final TrailingHash hash;
    private long written;
    private boolean committed;

    private AtomicDownload(Path folder, String name, Path temp, FileChannel channel, FileLock lock, String expectedSha256,
                           long written) {
        this.folder = folder;
        this.name = name;
        this.temp = temp;
        this.channel = channel;
        this.lock = lock;
        this.expectedSha256 = expectedSha256;
        this.written = written;
        this.hash = expectedSha256 == null ? null : new TrailingHash(channel, written);
    }

    /** Starts an unverifiable download (no hash known) of {@code name}, a plain file name, into {@code folder}. */
    public static AtomicDownload begin(Path folder, String name) throws IOException {
        checkName(name);
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        Path temp = folder.resolve(TEMP_PREFIX + HexFormat.of().formatHex(random) + TEMP_SUFFIX);
        // CREATE_NEW: never follows or reuses whatever is there; the usual umask applies to the result.
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new AtomicDownload(folder, name, temp, channel, null, null, 0);
    }

    /**
     * Starts or resumes the download of the file whose content hashes to {@code sha256}: the bytes already
     * there are kept (and hashed in the background with the new ones, so that the result is checked whole).
     *
     * @throws BusyException if another process holds this download
     */
    public static AtomicDownload resume(Path folder, String name, String sha256) throws IOException {
        checkName(name);
        if (!HashCache.isSha256(sha256)) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        Path temp = folder.resolve(TEMP_PREFIX + sha256 + TEMP_SUFFIX);
        if (Files.isSymbolicLink(temp)) {
            Files.delete(temp); // never write through a link someone left in our place
        }
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new BusyException(name + " is being downloaded into " + folder + " by another run");
        }
        long kept = channel.size();
        channel.position(kept);
        return new AtomicDownload(folder, name, temp, channel, lock, sha256, kept); // the kept bytes get hashed too
    }

    private static void checkName(String name) {
        if (!FileNames.isPlain(name)) {
            throw new IllegalArgumentException("not a plain file name: " + FileNames.quote(name));
        }
    }

    public void write(byte[] bytes) throws IOException {
        write(ByteBuffer.wrap(bytes));
    }

    /** Appends the buffer's remaining bytes. */
    public void write(ByteBuffer bytes) throws IOException {
        int end = bytes.limit();
        while (bytes.position() < end) {
            // slices of at most 256 KiB, so the JDK's per-thread direct buffer stays small (see PeerService.fetch)
            bytes.limit(Math.min(end, bytes.position() + 256 * 1024));
            written += channel.write(bytes);
            bytes.limit(end);
        }
        if (hash != null) {
            hash.writtenTo(written);
        }
    }

    /** Bytes written so far, including those kept from an earlier run. */
    public long size() {
        return written;
    }

    /** Throws away the bytes so far (they were wrong), so the download starts again from zero. */
    public void restart() throws IOException {
        if (hash != null) {
            hash.reset();
        }
        channel.truncate(0);
        channel.position(0);
        written = 0;
    }

    /**
     * Flushes the bytes to disk, checks them against the expected hash, and gives the file its name.
     *
     * @throws IntegrityException if the bytes do not hash as expected (they are discarded)
     * @throws FileAlreadyExistsException if a file of that name appeared meanwhile (it is left untouched)
     */
    public Path commit() throws IOException {
        if (hash != null) {
            String actual = hash.finish();
            if (!actual.equals(expectedSha256)) {
                restart();
                throw new IntegrityException("the bytes of " + FileNames.quote(name) + " do not match their SHA-256");
            }
        }
        channel.force(true);
        release();
        Path target = folder.resolve(name);
        try {
            // A hard link fails if the name exists: no window in which another file could be overwritten.
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException noLinks) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.deleteIfExists(temp);
        committed = true;
        return target;
    }

    private void release() throws IOException {
        if (hash != null) {
            hash.cancel();
        }
        if (lock != null && lock.isValid()) {
            lock.release();
        }
        channel.close();
    }

    /**
     * Makes the names given by {@link #commit} durable. Once per run rather than once per file: until then a
     * crash can only lose a name, never leave a name on half a file, and the next run fetches it again.
     */
    public static void syncFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every platform can sync a folder; the file itself is already on disk
        }
    }

    /**
     * Ends the download unless it was committed. A resumable one keeps its bytes for the next run (unless
     * there are none); an unverifiable one is removed.
     */
    @Override
    public void close() throws IOException {
        if (committed) {
            return;
        }
        try {
            release();
        } finally {
            if (hash == null || written == 0) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
