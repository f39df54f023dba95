package org.tinyp2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.testing.Folders;
import org.tinyp2p.testing.FreePorts;
import org.tinyp2p.testing.RunningProcess;
import org.tinyp2p.testing.Tinyp2pJar;

/**
 * The self-contained image's launcher, target/tinyp2p/bin/tinyp2p, run as a friend runs it. The build makes
 * it only where it finds a JDK 25 (src/build/image.sh); elsewhere these tests are skipped, saying so.
 */
class LauncherIT {
    static final Duration END = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    Path launcherPath;
    Tinyp2pJar launcher;

    @BeforeEach
    void launcherIsBuilt() {
        launcherPath = Tinyp2pJar.launcherPath();
        assumeTrue(Files.isExecutable(launcherPath), "no launcher at " + launcherPath
                + ": the build found no JDK 25 and made the jar only (set JDK25_HOME to build the image)");
        launcher = Tinyp2pJar.launcher(launcherPath);
    }

    @AfterEach
    void stopAll() {
        if (launcher != null) {
            launcher.close();
        }
    }

    @Test
    void aFileArrivesAndTheBannerNamesTheLauncher() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        byte[] bytes = Folders.random(4096, 20);
        Folders.write(shared, "small.bin", bytes);
        int port = FreePorts.next();
        RunningProcess server = launcher.server(shared, "pw", port);
        String banner = server.stdout();
        Matcher join = Pattern.compile("to join:\\s+(.*) - server THEIRHOST " + port + " (\\S+)").matcher(banner);
        Matcher download = Pattern.compile("to download:\\s+(.*) - client (\\S+) PATTERN").matcher(banner);
        assertTrue(join.find() && download.find(), server.transcript());
        assertEquals(launcherPath.toString(), join.group(1), server.transcript());
        assertEquals(launcherPath.toString(), download.group(1), server.transcript());

        // the download line, pasted into a shell as a friend would
        Path into = Files.createDirectories(tmp.resolve("into"));
        RunningProcess client = RunningProcess.start(into, Map.of("TINYP2P_PASSWORD", "pw"),
                List.of("sh", "-c", download.group(1) + " - client " + download.group(2) + " small"));
        assertEquals(0, client.exitCode(END), client.transcript() + "\n" + server.transcript());
        Folders.assertSameFiles(Map.of("small.bin", bytes), into, client.transcript());
        assertTrue(client.stdout().startsWith("Fetched 'small.bin' (4096 bytes) from " + Tinyp2pJar.url(port)), client.transcript());
        assertEquals("", client.stderr(), client.transcript());
        server.stop(END); // 143, as under java -jar: SIGTERM
        assertTrue(server.stdout().contains("Stopped " + Tinyp2pJar.url(port)), server.transcript());
        assertEquals("", server.stderrBeyondLoopbackWarning(), server.transcript());
    }

    @Test
    void theLauncherUsesItsAheadOfTimeCache() {
        // with AOTMode=on a JVM that cannot map its cache refuses to start
        RunningProcess run = launcher.client(tmp, Map.of("JAVA_TOOL_OPTIONS", "-XX:AOTMode=on"), "--version");
        assertEquals(0, run.exitCode(END), run.transcript());
        assertTrue(run.stdout().startsWith("tinyp2p "), run.transcript());
    }

    @Test
    void aStaleCacheOnlyCostsSpeedAndSaysNothing() throws Exception {
        // copied without time stamps, the jar no longer matches the one the cache was trained with
        Path image = launcherPath.getParent().getParent();
        Path copy = tmp.resolve("copy");
        copyWithoutTimes(image, copy);
        Tinyp2pJar stale = Tinyp2pJar.launcher(copy.resolve("bin/tinyp2p"));
        try {
            RunningProcess strict = stale.client(tmp, Map.of("JAVA_TOOL_OPTIONS", "-XX:AOTMode=on"), "--version");
            assertNotEquals(0, strict.exitCode(END), "the copy's cache still matched, so this test proves nothing\n" + strict.transcript());

            RunningProcess run = stale.client(tmp, "--version");
            RunningProcess fresh = launcher.client(tmp, "--version");
            assertEquals(0, run.exitCode(END), run.transcript());
            assertEquals(fresh.stdout(), run.stdout(), run.transcript());
            assertEquals("", run.stderr(), run.transcript());
            assertFalse(run.stdout().contains("aot"), run.transcript());
        } finally {
            stale.close();
        }
    }

    private static void copyWithoutTimes(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            all.forEach(source -> {
                Path target = to.resolve(from.relativize(source).toString());
                try {
                    if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target, LinkOption.NOFOLLOW_LINKS);
                        if (!Files.isSymbolicLink(source)) {
                            Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(source));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
