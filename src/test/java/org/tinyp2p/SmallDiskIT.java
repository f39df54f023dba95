package org.tinyp2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.testing.Folders;
import org.tinyp2p.testing.FreePorts;
import org.tinyp2p.testing.RunningProcess;
import org.tinyp2p.testing.Tinyp2pJar;

/**
 * The disk reserve scales with the file system: a 6-byte file arrives on a 16 MiB one (a fixed 64 MiB
 * reserve refused it), and {@code --min-free} sets the reserve. The built jar, into a tmpfs of its own.
 */
class SmallDiskIT {
    static final Duration END = Duration.ofSeconds(120);
    static final byte[] SIX = "hello\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    final Tinyp2pJar jar = new Tinyp2pJar();
    Path small;
    boolean mounted;

    @BeforeEach
    void mountSixteenMebibytes() throws Exception {
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid"); // the owner of /proc/self is this process's user
        Assumptions.assumeTrue(Integer.valueOf(0).equals(uid), "mounting a tmpfs needs root, and this runs as uid " + uid);
        small = Files.createDirectories(tmp.resolve("small-disk"));
        RunningProcess mount = RunningProcess.start(tmp, Map.of(), List.of("mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", small.toString()));
        mounted = mount.exitCode(END) == 0;
        Assumptions.assumeTrue(mounted, "could not mount a 16 MiB tmpfs (needs CAP_SYS_ADMIN)\n" + mount.transcript());
        assertEquals(16L << 20, Files.getFileStore(small).getTotalSpace(), "the tmpfs is the 16 MiB asked for");
    }

    @AfterEach
    void unmount() {
        jar.close();
        if (mounted) {
            RunningProcess umount = RunningProcess.start(tmp, Map.of(), List.of("umount", small.toString()));
            if (umount.exitCode(END) != 0) {
                RunningProcess.start(tmp, Map.of(), List.of("umount", "-l", small.toString())).exitCode(END);
            }
        }
    }

    int serverWithASixByteFile() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Folders.write(a, "six.txt", SIX);
        int port = FreePorts.next();
        jar.server(a, "pw", port);
        return port;
    }

    @Test
    void aSixByteFileArrivesOnASixteenMebibyteFileSystem() throws Exception {
        int port = serverWithASixByteFile();
        RunningProcess client = jar.client(small, "pw", "client", Tinyp2pJar.url(port), "six");
        assertEquals(0, client.exitCode(END), client.transcript());
        Folders.assertSameFiles(Map.of("six.txt", SIX), small, client.transcript());
        assertTrue(client.stdout().contains("Done: 1 file, 6 bytes"), client.transcript());
    }

    @Test
    void withMinFreeAboveTheFileSystemTheSameFileIsRefusedInOneLineAndNothingIsLeft() throws Exception {
        int port = serverWithASixByteFile();
        RunningProcess client = jar.client(small, "--min-free", "20M", "pw", "client", Tinyp2pJar.url(port), "six");
        assertEquals(1, client.exitCode(END), "a download that failed: exit 1\n" + client.transcript());
        List<String> failed = client.stderr().lines().filter(line -> line.startsWith("tinyp2p: failed: ")).toList();
        assertEquals(1, failed.size(), client.transcript());
        assertTrue(failed.get(0).matches("tinyp2p: failed: 'six\\.txt': not enough free space in " + java.util.regex.Pattern.quote(small.toString())
                + ": it needs 6 bytes and \\d+ are free \\(keeping 20 MiB free; see --min-free\\)"), client.transcript());
        assertEquals(Map.of(), Folders.contents(small), "no file, no part file\n" + client.transcript());
    }

    @Test
    void aDryRunSaysWhatTheRealRunWillDoWhenTheFileDoesNotFit() throws Exception {
        int port = serverWithASixByteFile();
        RunningProcess dry = jar.client(small, "--dry-run", "--min-free", "20M", "pw", "client", Tinyp2pJar.url(port), "six");
        assertEquals(1, dry.exitCode(END), "the run it forecasts fails: exit 1, as that run would\n" + dry.transcript());
        assertTrue(dry.stdout().contains("Would not fetch 'six.txt': not enough free space in "), dry.transcript());
        assertFalse(dry.stdout().contains("Would fetch"), dry.transcript());
        RunningProcess fits = jar.client(small, "--dry-run", "pw", "client", Tinyp2pJar.url(port), "six");
        assertEquals(0, fits.exitCode(END), fits.transcript());
        assertTrue(fits.stdout().contains("Would fetch 'six.txt' (6 bytes)"), fits.transcript());
        assertEquals(Map.of(), Folders.contents(small), "a dry run writes nothing\n" + fits.transcript());
    }
}
