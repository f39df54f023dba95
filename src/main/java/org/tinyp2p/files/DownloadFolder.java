package org.tinyp2p.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.tinyp2p.Failure;

/**
 * The folder a client downloads into: the client's counterpart of {@link SharedFolder}, opened once, and the
 * only owner of what a run does in it. Every name it takes is a {@link SharedName}, so nothing a peer said
 * reaches the file system unchecked; bytes arrive through {@link AtomicDownload}s it begins, in hidden part
 * files of its own at the top of the folder, and only a verified whole file gets a name, never over an
 * existing one. The folders on a name's way are made when its file is committed (so a folder without a
 * fetched file is never made), and none of them is followed if it is a link: a planted {@code sub -> /etc} is
 * not written through, nor is anything looked up through it.
 */
public final class DownloadFolder {
    /** Something on a name's way here is a link or a file, not a folder of ours: nothing is written through it. */
    public static final class Blocked extends IOException {
        Blocked(String message) {
            super(message);
        }
    }

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

    /**
     * Whether something, of any kind, already has this name here: it is never touched. Looked up without
     * following a link in any component; a name whose way is blocked is not here (its fetch says why).
     */
    public boolean holds(SharedName name) {
        return present(root, name);
    }

    /** Where a name lies here (for reading a file this run wrote). */
    public Path path(SharedName name) {
        return name.under(root);
    }

    /** Starts an unverifiable download (no hash known): its bytes go if it is not committed. */
    public AtomicDownload begin(SharedName name) throws IOException {
        checkWay(root, name);
        return AtomicDownload.begin(root, name);
    }

    /**
     * Starts or resumes the download of the bytes hashing to {@code sha256} under {@code name}, waiting while
     * another run holds them and they grow (see {@link AtomicDownload#resume(Path, SharedName, String, Duration)}).
     */
    public AtomicDownload resume(SharedName name, String sha256, Duration stall) throws IOException {
        checkWay(root, name); // before any byte moves: a blocked name would be refused only at its commit
        return AtomicDownload.resume(root, name, sha256, stall);
    }

    /**
     * Gives {@code name} a verified copy of the file this run wrote as {@code source}, with the modification
     * time {@code modified} (milliseconds; negative for now).
     */
    public void copy(SharedName source, SharedName name, String sha256, long size, long modified) throws IOException {
        checkWay(root, source);
        checkWay(root, name);
        AtomicDownload.copy(source.under(root), root, name, sha256, size, modified);
    }

    /** Whether the name exists under {@code root}, no link followed on its way. */
    static boolean present(Path root, SharedName name) {
        Path path = root;
        for (String folder : name.folders()) {
            path = path.resolve(folder);
            if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return Files.exists(path.resolve(name.components().get(name.depth() - 1)), LinkOption.NOFOLLOW_LINKS);
    }

    /** Refuses a name whose way holds a link or a file where a folder should be (missing folders are fine). */
    static void checkWay(Path root, SharedName name) throws IOException {
        walk(root, name, false);
    }

    /**
     * Where the name lies under {@code root}, once each folder on its way is a real folder: made where missing,
     * refused where it is a link or a file. For the commit, just before the file gets its name.
     */
    static Path place(Path root, SharedName name) throws IOException {
        return walk(root, name, true);
    }

    /**
     * Looks at each folder on the name's way without following a link: a link or a file there is {@link Blocked};
     * a missing one is made if {@code make}, else the walk ends. Where the name lies, or null where it ended early.
     */
    private static Path walk(Path root, SharedName name, boolean make) throws IOException {
        java.util.List<String> components = name.components();
        Path path = root;
        for (int i = 0; i < components.size() - 1; i++) {
            path = path.resolve(components.get(i));
            BasicFileAttributes found;
            try {
                found = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException absent) {
                if (!make) {
                    return null; // made when the file is committed
                }
                try {
                    Files.createDirectory(path); // its parent was just found a real folder: mkdir follows no link here
                } catch (FileAlreadyExistsException raced) {
                    // another download made it meanwhile: examined below like any
                }
                found = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw new Blocked(way(name, i) + " in the folder cannot be examined (" + e.getMessage() + ")");
            }
            if (!found.isDirectory()) {
                throw blocked(name, i, found);
            }
        }
        return path.resolve(components.get(components.size() - 1));
    }

    private static Blocked blocked(SharedName name, int component, BasicFileAttributes found) {
        return new Blocked(way(name, component) + " in the folder is "
                + (found.isSymbolicLink() ? "a link, and nothing is written through a link" : "a file, not a folder"));
    }

    /** The first {@code component + 1} components, quoted. */
    private static String way(SharedName name, int component) {
        return FileNames.quote(String.join("/", name.components().subList(0, component + 1)));
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
