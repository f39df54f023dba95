package org.tinyp2p.files;

import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.util.Set;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.tinyp2p.Failure;

/**
 * The folder a server shares. Only regular, visible files directly in it are offered; a link is followed
 * only if it ends at such a file inside the folder. Every name a caller sends goes through {@link #resolve},
 * which answers empty for anything else, so a caller can never reach {@code ../x} or {@code /etc/passwd}.
 * Nothing is cached: files added or removed later show at once.
 */
public final class SharedFolder {
    private final Path root;

    private SharedFolder(Path root) {
        this.root = root;
    }

    /** Opens a folder to share, with a precise message when it cannot be used. */
    public static SharedFolder open(Path folder) throws Failure {
        return new SharedFolder(FolderChecks.open(folder));
    }

    /** A warning if group or others may write in the folder (they could plant or swap files in it), or empty. */
    public Optional<String> looselyWritable() {
        return FolderChecks.looselyWritable(root);
    }

    public Path root() {
        return root;
    }

    /** The shared files whose names pass {@code filter}, sorted by name. */
    public List<SharedFile> list(Predicate<String> filter) throws IOException {
        List<SharedFile> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!FileNames.isPlain(name) || !filter.test(name)) {
                    continue;
                }
                Optional<Path> file = resolve(name);
                if (file.isPresent()) {
                    try {
                        files.add(new SharedFile(name, Files.size(file.get())));
                    } catch (NoSuchFileException gone) {
                        // removed while we listed: simply not there
                    }
                }
            }
        }
        files.sort(Comparator.comparing(SharedFile::name));
        return files;
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
     * is not plain, or it is a folder, a hidden or unreadable file, or a link that leads elsewhere than a visible regular file
     * inside the folder.
     */
    public Optional<Path> resolve(String name) {
        if (!FileNames.isPlain(name)) {
            return Optional.empty();
        }
        Path real;
        try {
            real = root.resolve(name).toRealPath();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        if (!real.startsWith(root) || real.equals(root) || !Files.isRegularFile(real) || !Files.isReadable(real)) {
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
