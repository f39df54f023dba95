package org.tinyp2p.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.tinyp2p.Failure;
import org.tinyp2p.Report;

/**
 * The folder a server shares: every regular, visible file in its tree (or at its top only, --flat), named by
 * its relative path ({@link SharedName}). Hidden folders are not entered, links to folders not followed, and
 * a link to a file is served only if it ends at a shared file inside the folder. Every name a caller sends
 * goes through {@link #resolve}, which answers empty for anything else, so a caller can never reach
 * {@code ../x} or {@code /etc/passwd}. Nothing is cached: files added or removed later show at once.
 */
public final class SharedFolder {
    /** The most files one listing carries: {@code Protocol.MAX_LISTING}, which clients read at most. */
    public static final int MAX_LISTED = 100_000;

    private final Path root;
    /** Components a shared name has at most: 1 with --flat. */
    private final int depth;
    private final Report report;
    /** The limits already warned of: the tree is listed again at every call, the warning is given once a run. */
    private final Set<TreeLimit> warned;

    private SharedFolder(Path root, int depth, Report report, Set<TreeLimit> warned) {
        this.root = root;
        this.depth = depth;
        this.report = report;
        this.warned = warned;
    }

    /** Opens a folder to share, its whole tree, warning of nothing. */
    public static SharedFolder open(Path folder) throws Failure {
        return open(folder, false, Report.SILENT);
    }

    /**
     * Opens a folder to share, with a precise message when it cannot be used.
     *
     * @param flat share the top level only, as the original did (--flat)
     * @param report warned, once each, of the limits the tree is over
     */
    public static SharedFolder open(Path folder, boolean flat, Report report) throws Failure {
        return new SharedFolder(FolderChecks.open(folder), flat ? 1 : SharedName.MAX_DEPTH, report,
                java.util.Collections.synchronizedSet(EnumSet.noneOf(TreeLimit.class)));
    }

    /** The same folder as the original TinyP2P shared it, its top level only: for original peers, whose client would break on {@code /}. */
    public SharedFolder topLevel() {
        return new SharedFolder(root, 1, report, warned);
    }

    /** A warning if group or others may write in the folder (they could plant or swap files in it), or empty. */
    public Optional<String> looselyWritable() {
        return FolderChecks.looselyWritable(root);
    }

    /**
     * A warning if the folder is a whole home folder or the whole file system (one of {@code homes}, or
     * {@code /}) and its tree is shared: everything in it would be, or empty.
     */
    public Optional<String> sharesAll(Collection<Path> homes) {
        if (depth == 1) {
            return Optional.empty();
        }
        if (root.getParent() == null) {
            return Optional.of(root + " is the whole file system: every file in it that this user can read is shared"
                    + " (hidden entries aside); serve a folder of what you mean to share, or use --flat");
        }
        for (Path home : homes) {
            try {
                if (root.equals(home.toRealPath())) {
                    return Optional.of(root + " is your home folder: all of it is shared, every subfolder included"
                            + " (hidden entries aside); serve a folder of what you mean to share, or use --flat");
                }
            } catch (IOException | SecurityException noSuchHome) {
                // not a folder here: nothing to compare
            }
        }
        return Optional.empty();
    }

    public Path root() {
        return root;
    }

    /**
     * The shared files whose names pass {@code filter}, sorted by name: at most {@link #MAX_LISTED}, and
     * none beyond the limits a name has ({@link TreeLimit}); the first listing over a limit warns of it.
     */
    public List<SharedFile> list(Predicate<String> filter) throws IOException {
        return list(filter, file -> false);
    }

    /**
     * As {@link #list(Predicate)}, taking {@code read} files as readable without asking (the hash cache's: they
     * were hashed as they are), which saves a listing of a large tree a system call per file. A file made
     * unreadable since is then still listed, and answered "no such file" when asked for.
     */
    public List<SharedFile> list(Predicate<String> filter, Predicate<SharedFile> read) throws IOException {
        TreeWalk walk = new TreeWalk(root, depth == 1, filter, MAX_LISTED, this::resolve, read, this::over);
        Files.walkFileTree(root, Set.of(), depth, walk);
        List<SharedFile> files = walk.files();
        files.sort(Comparator.comparing(SharedFile::name));
        return files;
    }

    private void over(TreeLimit limit) {
        if (warned.add(limit)) {
            report.warn(limit.warning(root));
        }
    }

    /**
     * Opens the shared file called {@code name} for reading, or empty if there is none ({@link #resolve}).
     * The file is opened relative to the shared folder one component at a time without following any link
     * ({@link SecureDirectoryStream}), after checking that the last one is a regular file: a component swapped
     * for a link after {@link #resolve} is not followed, and a folder, FIFO or device is not opened. (The JDK
     * cannot open without blocking, so a regular file swapped for a FIFO in the instant between that check
     * and the open would still hold a worker; only someone who can write in the shared folder can do that.)
     */
    public Optional<FileChannel> openRead(String name) throws IOException {
        Optional<Path> real = resolve(name);
        if (real.isEmpty()) {
            return Optional.empty();
        }
        Path relative = root.relativize(real.get());
        List<DirectoryStream<Path>> opened = new ArrayList<>();
        try {
            DirectoryStream<Path> top = Files.newDirectoryStream(root);
            opened.add(top);
            if (!(top instanceof SecureDirectoryStream<Path> folder)) { // not on this platform: open by path, no link at the end
                return regular(real.get()) ? Optional.of(FileChannel.open(real.get(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))
                        : Optional.empty();
            }
            SecureDirectoryStream<Path> current = folder;
            for (int i = 0; i < relative.getNameCount() - 1; i++) {
                current = current.newDirectoryStream(relative.getName(i), LinkOption.NOFOLLOW_LINKS);
                opened.add(current);
            }
            Path last = relative.getFileName();
            if (!current.getFileAttributeView(last, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes().isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of((FileChannel) current.newByteChannel(last, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)));
        } catch (java.nio.file.FileSystemException | ClassCastException swapped) {
            return Optional.empty(); // gone, or swapped for a link or something else since it was resolved
        } finally {
            for (DirectoryStream<Path> stream : opened) {
                stream.close();
            }
        }
    }

    private static boolean regular(Path path) {
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The real path of the shared file called {@code name}, or empty if there is no such shared file: the name
     * is not a {@link SharedName} (or is deeper than this folder shares), a folder on its way is a link or
     * not a folder, or it is a folder, a hidden or unreadable file, or a link that leads elsewhere than a
     * visible regular file inside the folder.
     */
    public Optional<Path> resolve(String name) {
        SharedName parsed;
        try {
            parsed = SharedName.parse(name);
        } catch (SharedName.Refused refused) {
            return Optional.empty();
        }
        if (parsed.depth() > depth) {
            return Optional.empty();
        }
        Path real;
        try {
            Path folder = root;
            for (String component : parsed.folders()) { // a link to a folder is not followed, as the listing does not
                folder = folder.resolve(component);
                if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.empty();
                }
            }
            real = folder.resolve(parsed.components().get(parsed.depth() - 1)).toRealPath();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        if (!real.startsWith(root) || real.equals(root) || !Files.isRegularFile(real) || !Files.isReadable(real)
                || root.relativize(real).getNameCount() > depth) { // with --flat (and for original peers) no deeper file by a link
            return Optional.empty();
        }
        for (Path part : root.relativize(real)) {
            if (part.toString().startsWith(".")) {
                return Optional.empty();
            }
        }
        return Optional.of(real);
    }
}
