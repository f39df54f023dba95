package org.tinyp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.testing.Folders;
import org.tinyp2p.testing.FreePorts;
import org.tinyp2p.testing.RunningProcess;
import org.tinyp2p.testing.Tinyp2pJar;

/**
 * Names that hold the same bytes (copies, empty files): every one arrives in one run, the bytes cross the
 * network once, and two runs into one folder share the work. The built jar, as a user runs it.
 */
class SameBytesIT {
    static final Duration END = Duration.ofSeconds(120);
    static final byte[] COPY = "same bytes\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    final Tinyp2pJar jar = new Tinyp2pJar();

    @AfterEach
    void stopAll() {
        jar.close();
    }

    Path folder(String name) throws Exception {
        return Files.createDirectories(tmp.resolve(name));
    }

    /** Six copies and three empty files on one server, another copy on a second: the case users hit. */
    Map<String, byte[]> copiesOnTwoServers(Path a, Path b) {
        Map<String, byte[]> all = new TreeMap<>();
        for (int i = 0; i < 6; i++) {
            all.put("copy" + i + ".txt", COPY);
        }
        for (int i = 1; i <= 3; i++) {
            all.put("empty" + i, new byte[0]);
        }
        all.forEach((name, bytes) -> Folders.write(a, name, bytes));
        all.put("other.txt", COPY);
        Folders.write(b, "other.txt", COPY);
        return all;
    }

    @Test
    void everyCopyAndEveryEmptyFileArrivesInOneRunAndTheBytesCrossOnce() throws Exception {
        Path a = folder("a");
        Path b = folder("b");
        Map<String, byte[]> all = copiesOnTwoServers(a, b);
        int pa = FreePorts.next();
        RunningProcess first = jar.server(a, "pw", pa);
        RunningProcess second = jar.server(b, "pw", FreePorts.next(), Tinyp2pJar.url(pa));
        Path into = folder("into");
        RunningProcess client = jar.client(into, "pw", "client", "--json", Tinyp2pJar.url(pa), "");
        String context = client.transcript() + "\n" + first.transcript() + "\n" + second.transcript();
        assertEquals(0, client.exitCode(END), context);
        Folders.assertSameFiles(all, into, context);
        assertTrue(client.stderr().contains("Done: 10 files, " + COPY.length + " bytes"), context);
        assertTrue(client.stdout().contains("\"bytes\":" + COPY.length + ","), context);
        assertEquals(10, count(client.stdout(), "\\{\"name\":"), context);
        assertTrue(client.stdout().contains("\"skipped\":[],\"failed\":[]"), context);
        assertTrue(!client.stderr().contains("another run"), context);
        assertEquals(COPY.length, bytesServed(first.stdout() + first.stderr() + second.stdout() + second.stderr()),
                "the copies' bytes crossed once (and the empty ones need no bytes)\n" + context);

        RunningProcess again = jar.client(into, "pw", "client", Tinyp2pJar.url(pa), "");
        assertEquals(0, again.exitCode(END), again.transcript());
        assertTrue(again.stdout().contains("Done: 0 files, 0 bytes"), again.transcript());
        assertTrue(again.stdout().contains("10 already here"), again.transcript());
    }

    @Test
    void aDryRunCountsEveryNameAndTheBytesOnce() throws Exception {
        Path a = folder("a");
        Path b = folder("b");
        copiesOnTwoServers(a, b);
        int pa = FreePorts.next();
        jar.server(a, "pw", pa);
        jar.server(b, "pw", FreePorts.next(), Tinyp2pJar.url(pa));
        Path into = folder("into");
        RunningProcess dry = jar.client(into, "pw", "client", "--dry-run", Tinyp2pJar.url(pa), "");
        assertEquals(0, dry.exitCode(END), dry.transcript());
        assertTrue(dry.stdout().contains("Dry run: 10 files, " + COPY.length + " bytes would be fetched"), dry.transcript());
        assertEquals(10, count(dry.stdout(), "Would fetch '"), dry.transcript());
        assertTrue(dry.stdout().contains("Would fetch 'copy1.txt' (11 bytes) as a copy of 'copy0.txt'"), dry.transcript());
        assertEquals(0, Folders.contents(into).size(), "a dry run writes nothing");
    }

    @Test
    void withOneNameAlreadyHereTheOthersStillArriveAndItIsUntouched() throws Exception {
        Path a = folder("a");
        Path b = folder("b");
        Map<String, byte[]> all = copiesOnTwoServers(a, b);
        int pa = FreePorts.next();
        jar.server(a, "pw", pa);
        jar.server(b, "pw", FreePorts.next(), Tinyp2pJar.url(pa));
        Path into = folder("into");
        byte[] mine = "mine, not the network's\n".getBytes(StandardCharsets.UTF_8);
        Folders.write(into, "copy0.txt", mine);
        Folders.write(into, "empty2", COPY);
        RunningProcess client = jar.client(into, "pw", "client", Tinyp2pJar.url(pa), "");
        assertEquals(0, client.exitCode(END), client.transcript());
        all.put("copy0.txt", mine);
        all.put("empty2", COPY);
        Folders.assertSameFiles(all, into, client.transcript());
        assertTrue(client.stdout().contains("Done: 8 files, " + COPY.length + " bytes"), client.transcript());
        assertTrue(client.stdout().contains("2 already here"), client.transcript());
    }

    @Test
    void aLargeFileAndItsCopyCrossTheNetworkOnceEvenAsRangesFromTwoPeers() throws Exception {
        byte[] big = Folders.random(24 * 1024 * 1024 + 5, 9);
        Path a = folder("a");
        Path b = folder("b");
        Folders.write(a, "big.bin", big);
        Folders.write(a, "big copy.bin", big);
        Folders.write(b, "big.bin", big);
        int pa = FreePorts.next();
        RunningProcess first = jar.server(a, "pw", pa, "-v");
        RunningProcess second = jar.server(b, "pw", FreePorts.next(), Tinyp2pJar.url(pa), "-v");
        Path into = folder("into");
        RunningProcess client = jar.client(into, "pw", "client", "--json", Tinyp2pJar.url(pa), "big");
        String context = client.transcript() + "\n" + first.transcript() + "\n" + second.transcript();
        assertEquals(0, client.exitCode(END), context);
        assertArrayEquals(big, Files.readAllBytes(into.resolve("big.bin")), context);
        assertArrayEquals(big, Files.readAllBytes(into.resolve("big copy.bin")), context);
        assertEquals(big.length, bytesServed(first.stdout() + first.stderr() + second.stdout() + second.stderr()), "the servers sent the bytes once\n" + context);
        assertTrue(client.stdout().contains("\"bytes\":" + big.length + ","), context);
    }

    @Test
    void twoRunsStartedAtOnceIntoOneFolderEndWithEveryFileWholeAndWrittenOnce() throws Exception {
        Path a = folder("a");
        Path b = folder("b");
        Map<String, byte[]> all = copiesOnTwoServers(a, b);
        byte[] big = Folders.random(20 * 1024 * 1024, 4);
        for (String name : new String[] {"big1.bin", "big2.bin", "big3.bin"}) {
            Folders.write(a, name, big);
            all.put(name, big);
        }
        for (int i = 0; i < 20; i++) {
            byte[] small = ("file " + i + "\n").getBytes(StandardCharsets.UTF_8);
            Folders.write(b, "small" + i, small);
            all.put("small" + i, small);
        }
        int pa = FreePorts.next();
        RunningProcess first = jar.server(a, "pw", pa);
        int pb = FreePorts.next();
        RunningProcess second = jar.server(b, "pw", pb, Tinyp2pJar.url(pa));
        first.awaitOutput("Peer joined: " + Tinyp2pJar.url(pb) + "$", Tinyp2pJar.STARTUP);
        Path into = folder("into");
        RunningProcess one = jar.start(into, "pw", "client", Tinyp2pJar.url(pa), "");
        RunningProcess two = jar.start(into, "pw", "client", Tinyp2pJar.url(pa), "");
        int codeOne = one.exitCode(END);
        int codeTwo = two.exitCode(END);
        String context = one.transcript() + "\n" + two.transcript() + "\n" + first.transcript() + "\n" + second.transcript();
        assertEquals(0, codeOne, context);
        assertEquals(0, codeTwo, context);
        Folders.assertSameFiles(all, into, context);
        for (String name : all.keySet()) {
            assertEquals(1, count(one.stdout() + two.stdout(), Pattern.quote("Fetched '" + name + "' (")), name + " was written by one run\n" + context);
        }
    }

    @Test
    void aPartFilePlantedAsAHardLinkIsLeftAloneAndReported() throws Exception {
        Path a = folder("a");
        byte[] big = Folders.random(3_000_000, 5);
        Folders.write(a, "big.bin", big);
        int pa = FreePorts.next();
        jar.server(a, "pw", pa);
        Path into = folder("into");
        Path victim = Folders.write(into, "victim.txt", "precious".getBytes(StandardCharsets.UTF_8));
        Files.createLink(into.resolve(".tinyp2p-" + ReliabilityIT.sha256(big) + ".part"), victim);
        RunningProcess client = jar.client(into, "pw", "client", Tinyp2pJar.url(pa), "big");
        assertEquals(1, client.exitCode(END), client.transcript());
        assertTrue(client.stderr().contains("is left alone: it has another name too (a hard link)"), client.transcript());
        assertEquals("precious", Files.readString(victim));
        assertTrue(!Files.exists(into.resolve("big.bin")), client.transcript());
    }

    @Test
    void aFileThatDoesNotFitIsOneClearLineAndNothingIsWritten() throws Exception {
        Path small = Files.createDirectories(tmp.resolve("small-disk"));
        RunningProcess mount = RunningProcess.start(tmp, java.util.Map.of(), java.util.List.of("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", small.toString()));
        org.junit.jupiter.api.Assumptions.assumeTrue(mount.exitCode(END) == 0,
                "needs to mount a small tmpfs (root and CAP_SYS_ADMIN)\n" + mount.transcript());
        try {
            Path a = folder("a");
            byte[] big = Folders.random(20_000_000, 6); // more than the 16 MiB disk, whatever the reserve
            Folders.write(a, "big.bin", big);
            Folders.write(a, "small.txt", COPY);
            int pa = FreePorts.next();
            jar.server(a, "pw", pa);
            RunningProcess client = jar.client(small, "pw", "client", Tinyp2pJar.url(pa), "");
            assertEquals(1, client.exitCode(END), client.transcript());
            assertTrue(client.stderr().contains("tinyp2p: failed: 'big.bin': not enough free space in " + small + ": it needs 20000000 bytes and "),
                    client.transcript());
            assertEquals(java.util.Set.of("small.txt"), Folders.contents(small).keySet(), "the rest arrives; nothing of the big one\n" + client.transcript());
        } finally {
            RunningProcess.start(tmp, java.util.Map.of(), java.util.List.of("umount", "-l", small.toString())).exitCode(END);
        }
    }

    /** Bytes the servers' logs say they sent: whole files, the rest of resumed ones, and ranges (logged with -v). */
    static long bytesServed(String logs) {
        long total = 0;
        Matcher whole = Pattern.compile("Served '[^']*' \\((\\d+) bytes(?:, from byte (\\d+))?\\)").matcher(logs);
        while (whole.find()) {
            total += Long.parseLong(whole.group(1)) - (whole.group(2) == null ? 0 : Long.parseLong(whole.group(2)));
        }
        Matcher range = Pattern.compile("served bytes (\\d+)-(\\d+) of").matcher(logs);
        while (range.find()) {
            total += Long.parseLong(range.group(2)) - Long.parseLong(range.group(1)) + 1;
        }
        return total;
    }

    static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
