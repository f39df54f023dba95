package org.tinyp2p.files;

import org.tinyp2p.DaemonThreads;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * SHA-256 of shared files, kept by path and valid while the file's size and modification time stay the
 * same, so a listing never hashes a file twice. Small files are hashed when first asked for (it costs less
 * than a call); large ones on a background thread, and a listing says nothing of their hash until it is ready.
 */
public final class HashCache {
    /** Hashing this much takes about as long as a round trip of a call; larger files are hashed off the request path. */
    public static final long INLINE_LIMIT = 16L * 1024 * 1024;

    private record Entry(long size, FileTime modified, String sha256) {
    }

    private final Map<Path, Entry> entries = new ConcurrentHashMap<>();
    private final Set<Path> pending = ConcurrentHashMap.newKeySet();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new DaemonThreads("tinyp2p-hasher").newThread(r);
        t.setPriority(Thread.MIN_PRIORITY); // requests come first
        return t;
    });

    /** The file's hash if known (or cheap to know now); otherwise empty, with hashing under way. */
    public Optional<String> lookup(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return Optional.empty();
        }
        return lookup(file, attributes.size(), attributes.lastModifiedTime());
    }

    /** A listed file's hash, as {@link #lookup(Path)}, by the size and time the listing just read: the disk is not asked again. */
    public Optional<String> lookup(SharedFile listed) {
        return lookup(listed.path(), listed.size(), listed.modified());
    }

    /** Whether this file was hashed, so read, at its present size and time: a listing need not ask again if it may be read. */
    public boolean knows(SharedFile listed) {
        Entry entry = entries.get(listed.path());
        return entry != null && entry.size() == listed.size() && entry.modified().equals(listed.modified());
    }

    private Optional<String> lookup(Path file, long size, FileTime modified) {
        Entry entry = entries.get(file);
        if (entry != null && entry.size() == size && entry.modified().equals(modified)) {
            return Optional.of(entry.sha256());
        }
        if (size <= INLINE_LIMIT) {
            return compute(file, size, modified);
        }
        if (pending.add(file)) {
            background.execute(() -> {
                try {
                    compute(file, size, modified);
                } finally {
                    pending.remove(file);
                }
            });
        }
        return Optional.empty();
    }

    /** The hash of an already-known, unchanged file, without starting any work. */
    public Optional<String> cached(Path file) {
        Entry entry = entries.get(file);
        if (entry == null) {
            return Optional.empty();
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return entry.size() == attributes.size() && entry.modified().equals(attributes.lastModifiedTime())
                    ? Optional.of(entry.sha256()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<String> compute(Path file, long size, FileTime modified) {
        try {
            String sha256 = sha256(file);
            BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
            if (after.size() != size || !after.lastModifiedTime().equals(modified)) {
                return Optional.empty(); // changed while we read it: the next listing tries again
            }
            entries.put(file, new Entry(after.size(), after.lastModifiedTime(), sha256));
            return Optional.of(sha256);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (FileChannel channel = FileChannel.open(file)) {
            // sized to the file: a buffer of 256 KiB for each of 100,000 small files was 25 GB of garbage, and the
            // heap grew to gigabytes with it
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(4096, Math.min(256 * 1024, channel.size() + 1)));
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java 17", e);
        }
    }

    /** True if {@code text} looks like a SHA-256 in lowercase hex. */
    public static boolean isSha256(Object text) {
        return text instanceof String s && s.length() == 64 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    public void close() {
        background.shutdownNow();
    }
}
