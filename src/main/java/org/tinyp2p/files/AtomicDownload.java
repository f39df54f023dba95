package org.tinyp2p.files;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
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
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A file being downloaded, begun by its {@link DownloadFolder}. Bytes go to a hidden temporary file in the folder; only {@link #commit}
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

    /** The part file of this download is not one we may write to (a link, another user's): left alone. */
    public static final class UnsafePartException extends IOException {
        UnsafePartException(String message) {
            super(message);
        }
    }

    /** How often a download held by another run looks whether that run is done. */
    private static final long BUSY_POLL_MILLIS = 200;

    private final Path folder;
    private final SharedName name;
    private final Path temp;
    private final FileChannel channel;
    private final FileLock lock;
    private final String expectedSha256;
    private final TrailingHash hash;
    /** Kept after a failure for the next run to continue (named after the hash, locked while in use). */
    private final boolean resumable;
    private long written;
    private boolean committed;
    /** The modification time the file gets (milliseconds), or negative for the time of its commit. */
    private long modified = -1;

    private AtomicDownload(Path folder, SharedName name, Path temp, FileChannel channel, FileLock lock, String expectedSha256,
                           long written) {
        this.folder = folder;
        this.name = name;
        this.temp = temp;
        this.channel = channel;
        this.lock = lock;
        this.resumable = lock != null;
        this.expectedSha256 = expectedSha256;
        this.written = written;
        this.hash = expectedSha256 == null ? null : new TrailingHash(channel, written);
    }

    /** Starts an unverifiable download (no hash known) of {@code name} into {@code folder}. */
    static AtomicDownload begin(Path folder, SharedName name) throws IOException {
        Path temp = randomTemp(folder);
        return new AtomicDownload(folder, name, temp, createNew(temp), null, null, 0);
    }

    /**
     * Gives {@code name} a copy of {@code source}, a file of this run that holds the bytes hashing to
     * {@code sha256}: written to a temporary file, checked against the hash like a download and named the same
     * way, so the two names stay independent files and a copy that does not verify (the source was changed
     * meanwhile) gets no name.
     *
     * @throws IntegrityException if the source no longer holds those bytes
     * @throws FileAlreadyExistsException if a file of that name appeared meanwhile
     */
    static Path copy(Path source, Path folder, SharedName name, String sha256, long size, long modified) throws IOException {
        checkSha256(sha256);
        if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) { // a FIFO would block the open
            throw new IntegrityException(FileNames.quote(source.getFileName().toString()) + " is no longer a regular file");
        }
        try (FileChannel from = FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (from.size() != size) {
                throw new IntegrityException(FileNames.quote(source.getFileName().toString()) + " changed before it was copied");
            }
            Path temp = randomTemp(folder);
            try (AtomicDownload copy = new AtomicDownload(folder, name, temp, createNew(temp), null, sha256, 0)) {
                copy.keepTime(modified);
                copy.transferFrom(from, size);
                return copy.commit();
            }
        }
    }

    /** CREATE_NEW: never follows or reuses whatever is there; the usual umask applies to the result. */
    private static FileChannel createNew(Path temp) throws IOException {
        return FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private static Path randomTemp(Path folder) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return folder.resolve(TEMP_PREFIX + HexFormat.of().formatHex(random) + TEMP_SUFFIX);
    }

    /** Appends {@code size} bytes of {@code from}, read from its start (in the kernel where it can). */
    private void transferFrom(FileChannel from, long size) throws IOException {
        long position = 0;
        while (position < size) {
            long n = from.transferTo(position, Math.min(size - position, 8L << 20), channel);
            if (n <= 0) {
                throw new IntegrityException(name.quoted() + ": its source ended early");
            }
            position += n;
            written += n;
            hash.writtenTo(written);
        }
    }

    /**
     * Starts or resumes the download of the file whose content hashes to {@code sha256}: the bytes already
     * there are kept (and hashed in the background with the new ones, so that the result is checked whole).
     *
     * @throws BusyException if another process holds this download
     * @throws FileAlreadyExistsException if the name appeared meanwhile
     */
    static AtomicDownload resume(Path folder, SharedName name, String sha256) throws IOException {
        return resume(folder, name, sha256, Duration.ZERO);
    }

    /**
     * As {@link #resume(Path, SharedName, String)}, but while another process holds this download (two runs into
     * one folder want the same bytes), waits for it as long as its bytes keep growing. When that run is done,
     * the name usually exists: {@link FileAlreadyExistsException}.
     *
     * @throws BusyException if another process holds it and its bytes did not grow for {@code stall}
     */
    static AtomicDownload resume(Path folder, SharedName name, String sha256, Duration stall) throws IOException {
        checkSha256(sha256);
        Path temp = partFile(folder, sha256);
        long seen = -1;
        long grew = System.nanoTime();
        while (true) {
            AtomicDownload download = tryResume(folder, name, sha256, temp);
            if (download != null) {
                return download;
            }
            long size = temp.toFile().length();
            if (size != seen) {
                seen = size;
                grew = System.nanoTime();
            }
            if (System.nanoTime() - grew >= stall.toNanos()) {
                throw new BusyException(name + " is being downloaded into " + folder + " by another run");
            }
            try {
                Thread.sleep(BUSY_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while another run downloads " + name.quoted());
            }
        }
    }

    /** The download, or null if another process holds it. */
    private static AtomicDownload tryResume(Path folder, SharedName name, String sha256, Path temp) throws IOException {
        if (DownloadFolder.present(folder, name)) {
            // first: another run that just gave the name these bytes links the part before it removes it, and a
            // part with two names would be taken for a planted one
            throw new FileAlreadyExistsException(name.under(folder).toString());
        }
        java.util.Optional<String> problem = PartFiles.problem(temp);
        if (problem.isPresent()) { // never write through a link, or to a file that is not ours: left alone
            throw new UnsafePartException(FileNames.quote(temp.getFileName().toString()) + " is left alone: " + problem.get());
        }
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        Object opened = fileKey(temp);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return null;
            }
            if (opened == null || !opened.equals(fileKey(temp))) {
                // the run that held it committed or dropped the file we opened: open the name afresh
                channel.close();
                return null;
            }
            if (DownloadFolder.present(folder, name)) {
                if (channel.size() == 0) {
                    Files.deleteIfExists(temp); // ours (locked, and still under this name) and empty
                }
                channel.close();
                throw new FileAlreadyExistsException(name.under(folder).toString());
            }
            long kept = channel.size();
            channel.position(kept);
            return new AtomicDownload(folder, name, temp, channel, lock, sha256, kept); // the kept bytes get hashed too
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Where the resumable download of the bytes hashing to {@code sha256} keeps them until they are whole. */
    static Path partFile(Path folder, String sha256) {
        checkSha256(sha256);
        return folder.resolve(TEMP_PREFIX + sha256 + TEMP_SUFFIX);
    }

    private static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static void checkSha256(String sha256) {
        if (!HashCache.isSha256(sha256)) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
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

    /**
     * The modification time the file is to have, as the peer listed it (milliseconds since 1970; negative: the
     * time of the commit). Photos sorted by date stay sorted; modes do not travel (the umask applies).
     */
    public void keepTime(long millis) {
        this.modified = millis;
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
                throw new IntegrityException("the bytes of " + name.quoted() + " do not match their SHA-256");
            }
        }
        if (modified >= 0) {
            // on the part file, ours and locked: the name given below is a link to the same file
            try {
                Files.setLastModifiedTime(temp, java.nio.file.attribute.FileTime.fromMillis(modified));
            } catch (java.nio.file.NoSuchFileException gone) {
                // another run into this folder gave the name these bytes and removed the part: found out below
            }
        }
        channel.force(true);
        Path target = DownloadFolder.place(folder, name);
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
        // only now: a run waiting for this download must find the name in place once it gets the lock
        release();
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
    static void syncFolder(Path folder) {
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
            if (!resumable || written == 0) {
                Files.deleteIfExists(temp); // before the lock goes, while the name is surely still ours
            }
        } finally {
            release();
        }
    }
}
