package org.tinyp2p.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Making test files, and reading a folder back as name to bytes for byte-for-byte comparisons. */
public final class Folders {
    private Folders() {
    }

    public static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    public static Path write(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every entry of the folder (hidden ones included, so leftovers show), name to content; folders map to null. */
    public static Map<String, byte[]> contents(Path dir) {
        Map<String, byte[]> contents = new TreeMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                contents.put(p.getFileName().toString(), Files.isRegularFile(p) ? Files.readAllBytes(p) : null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return contents;
    }

    /**
     * Every entry of a tree by relative path with {@code /} (files with their bytes, folders and links with null),
     * links not followed.
     */
    public static Map<String, byte[]> tree(Path dir) {
        Map<String, byte[]> tree = new TreeMap<>();
        try (Stream<Path> entries = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                if (!p.equals(dir)) {
                    String relative = dir.relativize(p).toString().replace(java.io.File.separatorChar, '/');
                    tree.put(relative, Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(p) : null);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tree;
    }

    /** Asserts that two folders hold the same names with the same bytes. */
    public static void assertSameFiles(Map<String, byte[]> expected, Path dir, String context) {
        Map<String, byte[]> actual = contents(dir);
        if (!expected.keySet().equals(actual.keySet())) {
            throw new AssertionError("names differ: expected " + expected.keySet() + " but found " + actual.keySet() + "\n" + context);
        }
        for (String name : expected.keySet()) {
            if (!java.util.Arrays.equals(expected.get(name), actual.get(name))) {
                throw new AssertionError("content of " + name + " differs\n" + context);
            }
        }
    }
}
