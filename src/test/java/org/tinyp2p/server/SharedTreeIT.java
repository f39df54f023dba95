package org.tinyp2p.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.files.HashCache;
import org.tinyp2p.files.NameMatcher;
import org.tinyp2p.protocol.BundledFile;
import org.tinyp2p.protocol.ListedFile;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.RemotePeer;
import org.tinyp2p.testing.Folders;
import org.tinyp2p.testing.ServerFixture;

/** A real server sharing a tree: nested names over the wire, their bytes by every path, their times. */
class SharedTreeIT {
    static final long TIME = 1_600_000_000_042L;

    @TempDir
    Path shared;
    @TempDir
    Path outside;
    final ServerFixture servers = new ServerFixture();

    @AfterEach
    void stop() {
        servers.close();
    }

    static Map<String, byte[]> tree() {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("top.txt", "top".getBytes());
        files.put("Musique/Édith Piaf/La vie en rose.flac", Folders.random(300_000, 1));
        files.put("写真/2026/東京 🗼.jpg", Folders.random(5_000, 2));
        files.put("Музыка/Кино/Группа крови.mp3", Folders.random(2_500_000, 3)); // more than one fetch chunk
        files.put("a/b/c/d/e/f/g/h/deep 😀.txt", "deep".getBytes());
        return files;
    }

    RemotePeer serve() throws Exception {
        tree().forEach((name, bytes) -> {
            try {
                Path file = shared.resolve(name);
                Files.createDirectories(file.getParent());
                Files.write(file, bytes);
                Files.setLastModifiedTime(file, FileTime.fromMillis(TIME));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Files.createDirectories(shared.resolve("Musique/.cache"));
        Files.writeString(shared.resolve("Musique/.cache/hidden.db"), "hidden");
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(shared.resolve("Musique/out"), outside);
        Files.createSymbolicLink(shared.resolve("Musique/loop"), shared.resolve("Musique"));
        return ServerFixture.dialer("pw").peer(servers.start(shared, "pw", null).url());
    }

    @Test
    void aListingNamesEveryFileOfTheTreeByItsPathWithItsTimeAndEveryPathServesItsBytes() throws Exception {
        RemotePeer peer = serve();
        List<ListedFile> listed = peer.list(NameMatcher.substring(""));
        assertEquals(List.copyOf(tree().keySet()), listed.stream().map(ListedFile::name).sorted().toList(), servers.log());
        for (ListedFile file : listed) {
            byte[] expected = tree().get(file.name());
            assertEquals(expected.length, file.size(), file.name());
            assertEquals(TIME, file.modified(), file.name());
            assertEquals(HexFormat.of().formatHex(HashCache.newDigest().digest(expected)), file.sha256(), file.name());
            assertArrayEquals(expected, byFetch(peer, file.name()), "fetch " + file.name());
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            peer.download(file.name(), 0, file.sha256(), bytes -> {
                byte[] chunk = new byte[bytes.remaining()];
                bytes.get(chunk);
                raw.write(chunk);
            });
            assertArrayEquals(expected, raw.toByteArray(), "raw path " + file.name());
        }
        assertEquals(List.of("写真/2026/東京 🗼.jpg"), peer.list(NameMatcher.substring("写真/")).stream().map(ListedFile::name).toList(),
                "the pattern is found in the whole path");
    }

    @Test
    void smallNestedFilesComeInBundles() throws Exception {
        RemotePeer peer = serve();
        Map<String, ListedFile> listed = new LinkedHashMap<>();
        peer.list(NameMatcher.substring("")).forEach(f -> listed.put(f.name(), f));
        List<BundledFile> ask = List.of("top.txt", "写真/2026/東京 🗼.jpg", "a/b/c/d/e/f/g/h/deep 😀.txt").stream()
                .map(name -> new BundledFile(name, listed.get(name).size(), listed.get(name).sha256())).toList();
        Map<String, byte[]> received = new TreeMap<>();
        peer.bundle(ask, (file, bytes) -> received.put(file.name(), bytes));
        assertEquals(3, received.size(), servers.log());
        received.forEach((name, bytes) -> assertArrayEquals(tree().get(name), bytes, name));
    }

    @Test
    void hiddenFilesLinkedFoldersAndPathsOutAreNoSuchFile() throws Exception {
        RemotePeer peer = serve();
        for (String name : List.of("Musique/.cache/hidden.db", "Musique/out/secret.txt", "Musique/loop/Édith Piaf/La vie en rose.flac",
                "Musique/../top.txt", "/top.txt", "Musique//Édith Piaf/La vie en rose.flac", "Musique", "Musique/")) {
            PeerException e = assertThrows(PeerException.class, () -> peer.fetch(name, 0), name);
            assertNotNull(e.getMessage());
            assertThrows(PeerException.class, () -> peer.download(name, 0, "0".repeat(64), bytes -> { }), name);
        }
    }

    static byte[] byFetch(RemotePeer peer, String name) throws PeerException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long size;
        do {
            RemotePeer.Chunk chunk = peer.fetch(name, out.size());
            size = chunk.fileSize();
            byte[] bytes = chunk.data().toArray();
            chunk.release();
            out.write(bytes, 0, bytes.length);
        } while (out.size() < size);
        return out.toByteArray();
    }

    @Test
    void aListingTooLargeForOneAnswerComesInPagesWholeAndInOrder() throws Exception {
        int files = 30_000; // about 9,000 to a page
        for (int d = 0; d < 100; d++) {
            Path folder = Files.createDirectories(shared.resolve("folder " + d));
            for (int f = 0; f < files / 100; f++) {
                Files.write(folder.resolve("file " + f + ".txt"), new byte[] {(byte) f});
            }
        }
        TinyServer server = servers.start(shared, "pw", null);
        long began = System.nanoTime();
        List<ListedFile> listed = ServerFixture.dialer("pw").peer(server.url()).list(NameMatcher.substring(""));
        System.out.printf("%d files listed in pages in %d ms%n", listed.size(), (System.nanoTime() - began) / 1_000_000);
        assertEquals(files, listed.size());
        assertEquals(files, listed.stream().map(ListedFile::name).distinct().count(), "no name twice across pages");
        for (int i = 1; i < listed.size(); i++) {
            if (listed.get(i - 1).name().compareTo(listed.get(i).name()) >= 0) {
                throw new AssertionError("out of order at " + i + ": " + listed.get(i - 1).name() + " then " + listed.get(i).name());
            }
        }
        assertEquals(files, listed.stream().filter(f -> f.sha256() != null).count(), "every page with its hashes");
    }
}
