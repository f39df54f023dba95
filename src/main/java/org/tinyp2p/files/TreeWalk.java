package org.tinyp2p.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One listing's walk down a shared tree ({@link Files#walkFileTree} without following links, so a link to a
 * folder is never entered: no loops, no way out). Hidden folders are not entered; a file is kept if its
 * relative path is a {@link SharedName} the filter accepts, and is a regular file, or a link that the folder
 * resolves to one inside it. The walk stops at {@code cap} files and tells {@code over} of every limit met.
 */
final class TreeWalk implements FileVisitor<Path> {
    private final Path root;
    private final boolean flat;
    private final Predicate<String> filter;
    private final int cap;
    private final Function<String, Optional<Path>> link;
    private final Predicate<SharedFile> read;
    private final Consumer<TreeLimit> over;
    private final List<SharedFile> files = new ArrayList<>();
    /** The wire prefix of each folder being walked, innermost first: "" for the top, "a/b/" below. */
    private final Deque<String> prefixes = new ArrayDeque<>();

    /**
     * @param flat whether only the top level is walked (--flat): its folders are then no limit met
     * @param link resolves a link's wire name to the shared file it ends at, if it is one
     * @param read files read lately as they are now, whose readability need not be asked again (a system call each)
     */
    TreeWalk(Path root, boolean flat, Predicate<String> filter, int cap, Function<String, Optional<Path>> link,
             Predicate<SharedFile> read, Consumer<TreeLimit> over) {
        this.read = read;
        this.root = root;
        this.flat = flat;
        this.filter = filter;
        this.cap = cap;
        this.link = link;
        this.over = over;
    }

    /** The files found, in the order the walk met them. */
    List<SharedFile> files() {
        return files;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
        if (prefixes.isEmpty()) {
            prefixes.push("");
            return FileVisitResult.CONTINUE;
        }
        String name = dir.getFileName().toString();
        String prefix = prefixes.peek() + name + "/";
        Optional<TreeLimit> limit = problem(name, prefix);
        if (limit.isPresent() || !FileNames.isPlain(name)) { // hidden, or a name no peer could write
            limit.ifPresent(over);
            return FileVisitResult.SKIP_SUBTREE;
        }
        prefixes.push(prefix);
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
        String name = file.getFileName().toString();
        if (attributes.isDirectory()) { // a folder at the depth the walk stops at: what it holds is deeper than a name may be
            if (!flat && FileNames.isPlain(name)) {
                over.accept(TreeLimit.DEPTH);
            }
            return FileVisitResult.CONTINUE;
        }
        if (!attributes.isRegularFile() && !attributes.isSymbolicLink()) {
            return FileVisitResult.CONTINUE; // FIFOs, devices, sockets
        }
        String wire = prefixes.peek() + name;
        try {
            SharedName.parse(wire);
        } catch (SharedName.Refused refused) {
            problem(name, wire).ifPresent(over); // otherwise hidden, or a name no peer could write: not shared, quietly
            return FileVisitResult.CONTINUE;
        }
        if (!filter.test(wire)) {
            return FileVisitResult.CONTINUE;
        }
        if (files.size() == cap) {
            over.accept(TreeLimit.FILES);
            return FileVisitResult.TERMINATE;
        }
        if (attributes.isRegularFile()) {
            SharedFile shared = new SharedFile(wire, attributes.size(), attributes.lastModifiedTime(), file);
            if (read.test(shared) || Files.isReadable(file)) {
                files.add(shared);
            }
        } else {
            link.apply(wire).ifPresent(target -> addTarget(wire, target));
        }
        return FileVisitResult.CONTINUE;
    }

    private void addTarget(String wire, Path target) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(target, BasicFileAttributes.class);
            files.add(new SharedFile(wire, attributes.size(), attributes.lastModifiedTime(), target));
        } catch (IOException gone) {
            // removed while we listed: simply not there
        }
    }

    /** The limit a name breaks, if any: its last component, or the whole path. */
    private static Optional<TreeLimit> problem(String component, String path) {
        if (component.getBytes(StandardCharsets.UTF_8).length > FileNames.MAX_BYTES) {
            return Optional.of(TreeLimit.NAME);
        }
        // a folder's prefix ends in '/': a file directly in it would be longer still
        int most = path.endsWith("/") ? SharedName.MAX_BYTES - 1 : SharedName.MAX_BYTES;
        if (path.length() > most / 3 && path.getBytes(StandardCharsets.UTF_8).length > most) {
            return Optional.of(TreeLimit.PATH);
        }
        return Optional.empty();
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
        if (file.equals(root)) {
            throw failure;
        }
        if (file.toString().length() >= SharedName.MAX_BYTES / 3 && file.toString().getBytes(StandardCharsets.UTF_8).length >= SharedName.MAX_BYTES) {
            over.accept(TreeLimit.PATH); // past Linux's PATH_MAX from /, which a path from the folder meets first: not reachable
        }
        return FileVisitResult.CONTINUE; // an unreadable folder, or an entry gone while we listed
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
        prefixes.pop();
        if (failure != null && dir.equals(root)) {
            throw failure;
        }
        return FileVisitResult.CONTINUE;
    }
}
