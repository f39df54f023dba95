package org.tinyp2p.files;

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

    /** Opens a folder to share (or to download into), with a precise message when it cannot be used. */
    public static SharedFolder open(Path folder) throws Failure {
        checkFolder(folder);
        try {
            return new SharedFolder(folder.toRealPath());
        } catch (IOException e) {
            throw new Failure("Folder cannot be opened: " + folder + " (" + e.getMessage() + ")", e);
        }
    }

    /** Exists, is a folder, is readable: the checks the JDK's file server makes, with its wording. */
    static void checkFolder(Path folder) throws Failure {
        if (!Files.exists(folder)) {
            throw new Failure("Folder does not exist: " + folder);
        }
        if (!Files.isDirectory(folder)) {
            throw new Failure("Path is not a folder: " + folder);
        }
        if (!Files.isReadable(folder)) {
            throw new Failure("Folder is not readable: " + folder);
        }
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
