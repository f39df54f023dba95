package org.tinyp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.testing.Folders;
import org.tinyp2p.testing.FreePorts;
import org.tinyp2p.testing.RunningProcess;
import org.tinyp2p.testing.Tinyp2pJar;

/**
 * Whole trees travel (issue 19), run as a user would: the built jar, a server sharing a three-level tree with
 * names in several scripts and a client into an empty folder; a pattern that selects one subfolder; a download
 * deep in the tree that resumes; --json naming files by their relative path.
 */
class SubfoldersIT {
    static final Duration END = Duration.ofSeconds(120);
    static final long TIME = 1_500_000_000_000L;

    @TempDir
    Path tmp;
    final Tinyp2pJar jar = new Tinyp2pJar();

    @AfterEach
    void stop() {
        jar.close();
    }

    static Map<String, byte[]> tree() {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("readme.txt", "top".getBytes(StandardCharsets.UTF_8));
        files.put("Music/Édith Piaf/Hymne à l'amour.flac", Folders.random(70_000, 1));
        files.put("Music/Кино/Звезда по имени Солнце.mp3", Folders.random(300_000, 2));
        files.put("Music/坂本龍一/戦場のメリークリスマス 🎹.flac", Folders.random(3_000_000, 3)); // several ranges and chunks
        files.put("Photos/2026/東京 🗼.jpg", Folders.random(9_000, 4));
        files.put("Photos/2026/copy of 東京 🗼.jpg", Folders.random(9_000, 4)); // the same bytes: fetched once, copied
        files.put("Photos/2025/empty", new byte[0]);
        return files;
    }

    Path shared() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        for (Map.Entry<String, byte[]> file : tree().entrySet()) {
            Path path = shared.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
            Files.setLastModifiedTime(path, FileTime.fromMillis(TIME));
        }
        Files.createDirectories(shared.resolve("Empty folder/inside")); // does not travel
        Files.createDirectories(shared.resolve(".hidden"));
        Files.writeString(shared.resolve(".hidden/secret.txt"), "not shared");
        return shared;
    }

    static Map<String, byte[]> files(Path dir) {
        return Folders.tree(dir).entrySet().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    @Test
    void aThreeLevelTreeArrivesWholeWithItsNamesAndTimes() throws Exception {
        int port = FreePorts.next();
        RunningProcess server = jar.server(shared(), "pw", port);
        assertTrue(server.stdout().contains("7 files in 6 folders") || server.stdout().contains("7 files"), server.transcript());
        Path into = Files.createDirectories(tmp.resolve("into"));
        RunningProcess client = jar.client(into, "pw", "client", Tinyp2pJar.url(port), "");
        String context = client.transcript() + "\n" + server.transcript();
        assertEquals(0, client.exitCode(END), context);
        Map<String, byte[]> arrived = files(into);
        assertEquals(tree().keySet(), arrived.keySet(), context);
        tree().forEach((name, bytes) -> assertArrayEquals(bytes, arrived.get(name), name));
        for (String name : tree().keySet()) {
            assertEquals(TIME, Files.getLastModifiedTime(into.resolve(name)).toMillis(), "the time travels: " + name);
        }
        assertTrue(Files.notExists(into.resolve("Empty folder")), "empty folders do not travel\n" + context);
        assertTrue(client.stdout().contains("as a copy of 'Photos/2026/"), "the same bytes under two paths: one a copy\n" + context);
    }

    @Test
    void aPatternSelectsOneSubfolderAndJsonNamesFilesByPath() throws Exception {
        int port = FreePorts.next();
        jar.server(shared(), "pw", port);
        Path into = Files.createDirectories(tmp.resolve("into"));
        RunningProcess client = jar.client(into, "--json", "pw", "client", Tinyp2pJar.url(port), "Music/Кино/");
        assertEquals(0, client.exitCode(END), client.transcript());
        assertEquals(java.util.Set.of("Music/Кино/Звезда по имени Солнце.mp3"), files(into).keySet(), client.transcript());
        assertTrue(client.stdout().contains("\"Music/Кино/Звезда по имени Солнце.mp3\""), client.transcript());
    }

    @Test
    void aDownloadDeepInTheTreeResumesFromTheBytesAlreadyHere() throws Exception {
        int port = FreePorts.next();
        jar.server(shared(), "pw", port);
        String deep = "Music/坂本龍一/戦場のメリークリスマス 🎹.flac";
        byte[] good = tree().get(deep);
        Path into = Files.createDirectories(tmp.resolve("into"));
        // what a killed run leaves: a prefix under the hash's name, at the top of the folder
        Files.write(into.resolve(".tinyp2p-" + ReliabilityIT.sha256(good) + ".part"), java.util.Arrays.copyOf(good, 1_000_000));
        RunningProcess client = jar.client(into, "pw", "client", Tinyp2pJar.url(port), "坂本");
        assertEquals(0, client.exitCode(END), client.transcript());
        assertArrayEquals(good, Files.readAllBytes(into.resolve(deep)), client.transcript());
        assertTrue(client.stdout().contains("(resumed at byte 1000000)"), client.transcript());
        assertEquals(java.util.Set.of(deep), files(into).keySet(), "no part file left\n" + client.transcript());
    }
}
