package org.tinyp2p.files;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A file being downloaded. Bytes go to a hidden temporary file in the target folder; only {@link #commit}
 * gives the file its real name, after the bytes are on disk, and never over an existing file. Closing
 * without committing deletes the temporary file, and a killed process leaves only a hidden one, so a real
 * name never holds half a file and a later run fetches it again.
 */
public final class AtomicDownload implements Closeable {
    static final String TEMP_PREFIX = ".tinyp2p-";
    static final String TEMP_SUFFIX = ".part";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path folder;
    private final String name;
    private final Path temp;
    private final FileChannel channel;
    private long written;
    private boolean committed;

    private AtomicDownload(Path folder, String name, Path temp, FileChannel channel) {
        this.folder = folder;
        this.name = name;
        this.temp = temp;
        this.channel = channel;
    }

    /** Starts a download of {@code name}, which must be a plain file name, into {@code folder}. */
    public static AtomicDownload begin(Path folder, String name) throws IOException {
        if (!FileNames.isPlain(name)) {
            throw new IllegalArgumentException("not a plain file name: " + FileNames.quote(name));
        }
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        Path temp = folder.resolve(TEMP_PREFIX + HexFormat.of().formatHex(random) + TEMP_SUFFIX);
        // CREATE_NEW: never follows or reuses whatever is there; the usual umask applies to the result.
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new AtomicDownload(folder, name, temp, channel);
    }

    public void write(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            written += channel.write(buffer);
        }
    }

    /** Bytes written so far. */
    public long size() {
        return written;
    }

    /**
     * Flushes the bytes to disk and gives the file its name.
     *
     * @throws FileAlreadyExistsException if a file of that name appeared meanwhile (it is left untouched)
     */
    public Path commit() throws IOException {
        channel.force(true);
        channel.close();
        Path target = folder.resolve(name);
        try {
            // A hard link fails if the name exists: no window in which another file could be overwritten.
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException noLinks) {
            if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.deleteIfExists(temp);
        committed = true;
        syncFolder();
        return target;
    }

    private void syncFolder() {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every platform can sync a folder; the file itself is already on disk
        }
    }

    /** Abandons the download unless it was committed: the temporary file is removed. */
    @Override
    public void close() throws IOException {
        if (committed) {
            return;
        }
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
