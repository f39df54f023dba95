package org.tinyp2p.files;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.tinyp2p.Failure;

/**
 * The folder a client downloads into: the client's counterpart of {@link SharedFolder}, opened once, and the
 * only owner of what a run does in it. Every name it takes is a {@link SharedName}, so nothing a peer said
 * reaches the file system unchecked; bytes arrive through {@link AtomicDownload}s it begins, in hidden part
 * files of its own, and only a verified whole file gets a name, never over an existing one.
 */
public final class DownloadFolder {
    private final Path root;
    /** Found once: finding a path's file store reads the whole mount table, a cost per file in a run of small ones. */
    private volatile FileStore store;

    private DownloadFolder(Path root) {
        this.root = root;
    }

    /** Opens a folder to download into, with a precise message when it cannot be used. */
    public static DownloadFolder open(Path folder) throws Failure {
        Path real = FolderChecks.open(folder);
        if (!Files.isWritable(real)) {
            throw new Failure("Folder is not writable: " + real);
        }
        return new DownloadFolder(real);
    }

    /** A warning if group or others may write in the folder (they could plant or swap files in it), or empty. */
    public Optional<String> looselyWritable() {
        return FolderChecks.looselyWritable(root);
    }

    /** The folder, for messages. */
    public Path root() {
        return root;
    }

    /** Whether something, of any kind, already has this name here: it is never touched. */
    public boolean holds(SharedName name) {
        return Files.exists(name.under(root), LinkOption.NOFOLLOW_LINKS);
    }

    /** Where a name lies here (for reading a file this run wrote). */
    public Path path(SharedName name) {
        return name.under(root);
    }

    /** Starts an unverifiable download (no hash known): its bytes go if it is not committed. */
    public AtomicDownload begin(SharedName name) throws IOException {
        return AtomicDownload.begin(root, name);
    }

    /**
     * Starts or resumes the download of the bytes hashing to {@code sha256} under {@code name}, waiting while
     * another run holds them and they grow (see {@link AtomicDownload#resume(Path, SharedName, String, Duration)}).
     */
    public AtomicDownload resume(SharedName name, String sha256, Duration stall) throws IOException {
        return AtomicDownload.resume(root, name, sha256, stall);
    }

    /** Gives {@code name} a verified copy of the file this run wrote as {@code source}. */
    public void copy(SharedName source, SharedName name, String sha256, long size) throws IOException {
        AtomicDownload.copy(source.under(root), root, name, sha256, size);
    }

    /** Bytes an earlier run's part file already holds of this content (at most {@code size}). */
    public long partBytes(String sha256, long size) {
        if (sha256 == null) {
            return 0;
        }
        Path part = AtomicDownload.partFile(root, sha256);
        try {
            return Files.isRegularFile(part, LinkOption.NOFOLLOW_LINKS) ? Math.min(Files.size(part), size) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Removes part files nobody continued for {@link PartFiles#STALE}; their names. */
    public List<String> removeStale() {
        return PartFiles.removeStale(root);
    }

    /** Makes the names this run gave durable (see {@link AtomicDownload#syncFolder}). */
    public void sync() {
        AtomicDownload.syncFolder(root);
    }

    /** Bytes free for us on the folder's file system. */
    public long usableSpace() throws IOException {
        return store().getUsableSpace();
    }

    /** The size of the folder's file system. */
    public long totalSpace() throws IOException {
        return store().getTotalSpace();
    }

    private FileStore store() throws IOException {
        FileStore known = store;
        if (known == null) {
            known = Files.getFileStore(root);
            store = known;
        }
        return known;
    }
}
