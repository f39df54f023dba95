package org.tinyp2p.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tinyp2p.Failure;

class SharedFolderTest {
    @TempDir
    Path dir;
    @TempDir
    Path outside;
    SharedFolder folder;

    @BeforeEach
    void fill() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "a");
        Files.writeString(dir.resolve(".hidden"), "secret");
        Files.createDirectory(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub").resolve("inner.txt"), "inner");
        Files.writeString(outside.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(dir.resolve("link-out"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(dir.resolve("link-in"), dir.resolve("a.txt"));
        Files.createSymbolicLink(dir.resolve("link-hidden"), dir.resolve(".hidden"));
        Files.createSymbolicLink(dir.resolve("link-dir"), outside);
        folder = SharedFolder.open(dir);
    }

    /** Names and sizes, which is what a listing says of each file besides its time. */
    static List<String> names(List<SharedFile> files) {
        return files.stream().map(f -> f.name() + " " + f.size()).toList();
    }

    @Test
    void listsOnlyVisibleRegularFilesInside() throws IOException {
        assertEquals(List.of("a.txt 1", "link-in 1", "sub/inner.txt 5"), names(folder.list(n -> true)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/etc/passwd", "sub", "link-out", "link-hidden", "link-dir", "",
        ".hidden", ".", "..", "missing.txt", "../../../../etc/passwd", "a.txt/", "a.txt\u0000", "sub/", "/sub/inner.txt",
        "sub//inner.txt", "sub/./inner.txt", "sub/../a.txt", "./a.txt", "link-dir/secret.txt", "sub\\inner.txt", "sub/missing"})
    void refusesEveryNameThatIsNotASharedFile(String name) {
        assertTrue(folder.resolve(name).isEmpty(), name);
    }

    @Test
    void theListingIsLive() throws IOException {
        Files.writeString(dir.resolve("later.txt"), "new");
        assertTrue(names(folder.list(n -> true)).contains("later.txt 3"));
        assertTrue(folder.resolve("later.txt").isPresent());
    }

    @Test
    void explainsAFolderItCannotUse() throws IOException {
        assertTrue(assertThrows(Failure.class, () -> SharedFolder.open(dir.resolve("nope"))).getMessage().startsWith("Folder does not exist"));
        assertTrue(assertThrows(Failure.class, () -> SharedFolder.open(dir.resolve("a.txt"))).getMessage().startsWith("Path is not a folder"));
    }

    @Test
    void openingReadsTheFileAndRefusesWhatIsNotARegularFileThere() throws Exception {
        try (java.nio.channels.FileChannel a = folder.openRead("a.txt").orElseThrow()) {
            assertEquals(1, a.size());
        }
        try (java.nio.channels.FileChannel viaLink = folder.openRead("link-in").orElseThrow()) {
            assertEquals(1, viaLink.size(), "a link that stays inside is served, as documented");
        }
        assertTrue(folder.openRead("link-out").isEmpty());
        assertTrue(folder.openRead("sub").isEmpty());
        Path fifo = dir.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        if (mkfifo.waitFor() == 0) {
            long start = System.nanoTime();
            assertTrue(folder.openRead("pipe").isEmpty(), "a FIFO is not opened (opening one would block)");
            assertTrue(System.nanoTime() - start < 2_000_000_000L);
        }
    }

    @Test
    void aFolderOthersCanWriteInIsWarnedOf() throws Exception {
        assertTrue(folder.looselyWritable().isEmpty(), folder.looselyWritable().toString());
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(folder.looselyWritable().orElseThrow().contains("can be written by others too (rwxrwxrwx)"));
    }

    @Test
    void aTreeTravelsAsRelativePathsInEveryScriptAtEveryDepthWithItsTimes() throws Exception {
        List<String> tree = List.of("Musique/Édith Piaf/01 – La vie en rose.flac", "写真/2026/東京 🗼.jpg",
                "Музыка/Кино/Группа крови.mp3", "emoji 😀/🎵/🎶 ✓.txt", "top ñ.txt");
        for (String name : tree) {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, name);
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_123L));
        }
        List<SharedFile> listed = folder.list(n -> !n.startsWith("a.txt") && !n.startsWith("link") && !n.startsWith("sub"));
        assertEquals(tree.stream().sorted().toList(), listed.stream().map(SharedFile::name).toList());
        for (SharedFile file : listed) {
            assertEquals(1_700_000_000_123L, file.modified().toMillis(), file.name());
            assertEquals(dir.resolve(file.name()), folder.resolve(file.name()).orElseThrow(), file.name());
            try (java.nio.channels.FileChannel channel = folder.openRead(file.name()).orElseThrow()) {
                java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate((int) channel.size());
                channel.read(bytes);
                assertEquals(file.name(), new String(bytes.array(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        assertTrue(folder.list(n -> n.contains("Кино/")).stream().map(SharedFile::name).toList().equals(List.of("Музыка/Кино/Группа крови.mp3")),
                "the filter sees the whole relative path");
    }

    @Test
    void hiddenEntriesStayUnsharedAtEveryDepth() throws Exception {
        for (String name : List.of("deep/.git/config", "deep/.secret", "deep/er/.tinyp2p-x.part", ".hidden-dir/visible.txt",
                "deep/er/.hidden-dir/visible.txt", "deep/er/shown.txt")) {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "x");
        }
        Files.createSymbolicLink(dir.resolve("deep/er/to-secret"), dir.resolve("deep/.secret"));
        Files.createSymbolicLink(dir.resolve("deep/er/to-git-config"), dir.resolve("deep/.git/config"));
        assertEquals(List.of("deep/er/shown.txt"), folder.list(n -> n.startsWith("deep/") || n.startsWith(".")).stream().map(SharedFile::name).toList());
        for (String name : List.of("deep/.git/config", "deep/.secret", "deep/er/.tinyp2p-x.part", ".hidden-dir/visible.txt",
                "deep/er/.hidden-dir/visible.txt", "deep/er/to-secret", "deep/er/to-git-config")) {
            assertTrue(folder.resolve(name).isEmpty(), name);
            assertTrue(folder.openRead(name).isEmpty(), name);
        }
    }

    @Test
    void linksToFoldersAreNotFollowedSoALoopEndsAndNothingOutsideShows() throws Exception {
        Path inner = Files.createDirectories(dir.resolve("x/y"));
        Files.writeString(inner.resolve("file.txt"), "file");
        Files.createSymbolicLink(inner.resolve("up"), dir.resolve("x")); // x/y/up/y/up/... forever, if followed
        Files.createSymbolicLink(inner.resolve("root"), dir);
        Files.createSymbolicLink(inner.resolve("self"), inner.resolve("self")); // a link to itself
        Files.createSymbolicLink(dir.resolve("x/out"), outside);
        assertEquals(List.of("x/y/file.txt"), folder.list(n -> n.startsWith("x/")).stream().map(SharedFile::name).toList());
        for (String name : List.of("x/y/up/y/file.txt", "x/y/root/a.txt", "x/y/self", "x/out/secret.txt", "link-dir/secret.txt")) {
            assertTrue(folder.resolve(name).isEmpty(), name);
            assertTrue(folder.openRead(name).isEmpty(), name);
        }
    }

    @Test
    void aLinkToAFileIsServedOnlyIfItEndsInsideTheTree() throws Exception {
        Path inner = Files.createDirectories(dir.resolve("x/y"));
        Files.createSymbolicLink(inner.resolve("to-inner"), dir.resolve("sub/inner.txt"));
        Files.createSymbolicLink(inner.resolve("relative"), Path.of("../../a.txt"));
        Files.createSymbolicLink(inner.resolve("to-outside"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(inner.resolve("dangling"), dir.resolve("gone.txt"));
        List<SharedFile> listed = folder.list(n -> n.startsWith("x/"));
        assertEquals(List.of("x/y/relative 1", "x/y/to-inner 5"), names(listed));
        assertEquals(dir.resolve("sub/inner.txt"), listed.get(1).path(), "its hash is the target's");
        try (java.nio.channels.FileChannel channel = folder.openRead("x/y/to-inner").orElseThrow()) {
            assertEquals(5, channel.size());
        }
        assertTrue(folder.openRead("x/y/to-outside").isEmpty());
        assertTrue(folder.resolve("x/y/dangling").isEmpty());
    }

    @Test
    void aFolderOnTheWaySwappedForALinkIsNotFollowed() throws Exception {
        Path file = Files.createDirectories(dir.resolve("m/n")).resolve("f.txt");
        Files.writeString(file, "real");
        assertTrue(folder.openRead("m/n/f.txt").isPresent());
        // the folder moves away and a link takes its name: to the same tree, and to one outside
        Files.move(dir.resolve("m"), dir.resolve("moved"));
        Files.createSymbolicLink(dir.resolve("m"), dir.resolve("moved"));
        assertTrue(folder.resolve("m/n/f.txt").isEmpty(), "a link in a folder's place is not followed, even to inside");
        assertTrue(folder.openRead("m/n/f.txt").isEmpty());
        Files.delete(dir.resolve("m"));
        Files.createDirectories(outside.resolve("n"));
        Files.writeString(outside.resolve("n/f.txt"), "outside");
        Files.createDirectory(dir.resolve("m"));
        Files.createSymbolicLink(dir.resolve("m/n"), outside.resolve("n"));
        assertTrue(folder.openRead("m/n/f.txt").isEmpty(), "nor a link deeper on the way");
        assertEquals(List.of("moved/n/f.txt"), folder.list(n -> n.startsWith("m")).stream().map(SharedFile::name).toList());
    }

    @Test
    void aTreeDeeperThanANameMayBeIsListedToItsLimitWithOneWarning() throws Exception {
        List<String> warnings = new java.util.ArrayList<>();
        SharedFolder warned = SharedFolder.open(dir, false, warningsTo(warnings));
        Path deep = dir;
        for (int depth = 1; depth <= SharedName.MAX_DEPTH + 6; depth++) {
            Files.writeString(deep.resolve("f" + depth), "x");
            deep = Files.createDirectory(deep.resolve("d"));
        }
        for (int i = 0; i < 3; i++) {
            List<SharedFile> listed = warned.list(n -> n.startsWith("d/") || n.startsWith("f"));
            assertEquals(SharedName.MAX_DEPTH, listed.size(), "files at depth 1 to " + SharedName.MAX_DEPTH);
        }
        assertEquals(List.of(dir + " has folders nested more than 64 deep: the files below are not shared"), warnings);
        assertTrue(warned.resolve("d/".repeat(SharedName.MAX_DEPTH) + "f" + (SharedName.MAX_DEPTH + 1)).isEmpty());
    }

    @Test
    void pathsOverTheLengthLimitAreLeftOutWithOneWarning() throws Exception {
        List<String> warnings = new java.util.ArrayList<>();
        SharedFolder warned = SharedFolder.open(dir, false, warningsTo(warnings));
        String component = "é".repeat(100); // 200 bytes
        // 22 levels of 201 bytes, a file at each: made relative to each folder by a shell, since past 4096 bytes
        // from / no path reaches them (Linux's own limit, which the JDK's paths meet first)
        int made = new ProcessBuilder("sh", "-c", "cd \"$1\" && for i in $(seq 22); do mkdir \"$2\" && cd -P \"$2\" && echo x > f || exit 1; done",
                "sh", dir.toString(), component).inheritIO().start().waitFor();
        try {
            assertEquals(0, made);
            for (int i = 0; i < 2; i++) {
                List<SharedFile> listed = warned.list(n -> n.startsWith("é"));
                assertTrue(listed.size() >= 18 && listed.size() <= 20, "up to 20 * 201 + 1 bytes fit in 4096: " + listed.size());
                assertTrue(listed.stream().allMatch(f -> f.name().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= SharedName.MAX_BYTES));
            }
            assertEquals(List.of(dir + " has paths longer than 4096 bytes: those files are not shared"), warnings);
        } finally {
            assertEquals(0, new ProcessBuilder("rm", "-rf", dir.resolve(component).toString()).inheritIO().start().waitFor());
        }
    }

    @Test
    void aListingStopsAtItsCapAndSaysSoOnce() throws Exception {
        for (int i = 0; i < 5; i++) {
            Files.writeString(dir.resolve("sub/many" + i), "x");
        }
        List<TreeLimit> over = new java.util.ArrayList<>();
        TreeWalk walk = new TreeWalk(dir, false, n -> n.startsWith("sub/many"), 3, n -> java.util.Optional.empty(), f -> false, over::add);
        Files.walkFileTree(dir, java.util.Set.of(), SharedName.MAX_DEPTH, walk);
        assertEquals(3, walk.files().size());
        assertEquals(List.of(TreeLimit.FILES), over);
        assertEquals(org.tinyp2p.protocol.Protocol.MAX_LISTING, SharedFolder.MAX_LISTED, "a server lists no more than a client reads");
    }

    @Test
    void flatSharesTheTopLevelOnlyAsTheOriginalDid() throws Exception {
        List<String> warnings = new java.util.ArrayList<>();
        Path deep = dir;
        for (int depth = 1; depth <= SharedName.MAX_DEPTH + 2; depth++) {
            deep = Files.createDirectory(deep.resolve("d"));
        }
        Files.writeString(deep.resolve("deep.txt"), "x");
        SharedFolder flat = SharedFolder.open(dir, true, warningsTo(warnings));
        assertEquals(List.of("a.txt 1", "link-in 1"), names(flat.list(n -> true)));
        assertTrue(flat.resolve("sub/inner.txt").isEmpty());
        assertTrue(flat.openRead("sub/inner.txt").isEmpty());
        assertEquals(List.of("a.txt 1", "link-in 1"), names(folder.topLevel().list(n -> true)));
        assertTrue(folder.topLevel().openRead("sub/inner.txt").isEmpty());
        assertEquals(List.of(), warnings, "a tree left out on purpose is no limit met");
        Files.createSymbolicLink(dir.resolve("toplink"), dir.resolve("sub/inner.txt"));
        assertTrue(flat.resolve("toplink").isEmpty(), "a top-level link does not bring a deeper file to the top level");
        assertTrue(folder.topLevel().openRead("toplink").isEmpty(), "nor to original peers");
        assertTrue(folder.resolve("toplink").isPresent(), "the whole tree is shared otherwise");
    }

    @Test
    void aHomeFolderOrTheWholeDiskIsWarnedOfUnlessFlat() throws Exception {
        assertTrue(folder.sharesAll(List.of(outside)).isEmpty());
        assertEquals(dir + " is your home folder: all of it is shared, every subfolder included (hidden entries aside);"
                + " serve a folder of what you mean to share, or use --flat", folder.sharesAll(List.of(outside, dir)).orElseThrow());
        assertTrue(SharedFolder.open(dir, true, org.tinyp2p.Report.SILENT).sharesAll(List.of(dir)).isEmpty());
        assertTrue(SharedFolder.open(Path.of("/")).sharesAll(List.of()).orElseThrow().startsWith("/ is the whole file system"));
    }

    static org.tinyp2p.Report warningsTo(List<String> lines) {
        return new org.tinyp2p.Report() {
            @Override public void info(String line) { }
            @Override public void warn(String line) { lines.add(line); }
            @Override public void debug(String line) { }
        };
    }
}
