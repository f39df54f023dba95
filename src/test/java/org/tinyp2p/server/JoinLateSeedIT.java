package org.tinyp2p.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.testing.Folders;
import org.tinyp2p.testing.FreePorts;
import org.tinyp2p.testing.RunningProcess;
import org.tinyp2p.testing.Tinyp2pJar;

/**
 * A server started before its seed: it keeps trying the seed (1 s, 2 s, 4 s …) and joins within seconds of
 * the seed coming up, not at the next liveness round 30 s later; a seed that comes up with another password
 * is tried once, not again and again.
 */
class JoinLateSeedIT {
    /** The bound: the seed's port is looked at every 0.5 s between tries, and the join takes a moment. */
    static final Duration BOUND = Duration.ofSeconds(2);
    static final Duration END = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    final Tinyp2pJar jar = new Tinyp2pJar();

    @AfterEach
    void stop() {
        jar.close();
    }

    Path folder(String name) throws Exception {
        return Files.createDirectories(tmp.resolve(name));
    }

    @Test
    void aServerJoinsItsSeedSoonAfterTheSeedComesUp() throws Exception {
        int seedPort = FreePorts.next();
        int port = FreePorts.next();
        String seed = Tinyp2pJar.url(seedPort);
        Path b = folder("b");
        Folders.write(b, "late.txt", "late".getBytes(StandardCharsets.UTF_8));
        RunningProcess server = jar.server(b, "pw", port, seed);
        long failed = System.nanoTime();
        assertTrue(server.stderr().contains("warning: Seed " + seed + " is unreachable: connection refused; serving alone until peers call, will keep trying"),
                server.transcript());

        Thread.sleep(8000); // the tries at 0, 1, 3 and 7 s have failed; the backoff's next is at 15 s
        RunningProcess seedServer = jar.server(folder("a"), "pw", seedPort);
        long up = System.nanoTime();
        server.awaitOutput(Pattern.quote("Joined the network through " + seed), END);
        double joined = (System.nanoTime() - up) / 1e9;
        seedServer.awaitOutput(Pattern.quote("Peer joined: " + Tinyp2pJar.url(port)), END);
        double taken = (System.nanoTime() - up) / 1e9;
        System.out.printf("late seed: up %.2f s after the first try; joined %.2f s after the seed's banner, handed out by it after %.2f s%n",
                (up - failed) / 1e9, joined, taken);
        assertTrue(joined < BOUND.toSeconds() && taken < BOUND.toSeconds() + 1, "joined " + joined + " s, taken in " + taken + " s after the seed came up\n"
                + server.transcript() + "\n" + seedServer.transcript());
        assertEquals(1, count(server.stderr(), "Seed " + seed), "one line when the seed first failed, none per retry\n" + server.transcript());

        Path into = folder("into");
        RunningProcess client = jar.client(into, "pw", "client", seed, "late");
        assertEquals(0, client.exitCode(END), client.transcript());
        assertEquals("late", Files.readString(into.resolve("late.txt")), "the seed hands the late server out\n" + client.transcript());
    }

    @Test
    void aSeedWithAnotherPasswordIsTriedOnceAndNotAgain() throws Exception {
        int seedPort = FreePorts.next();
        int port = FreePorts.next();
        String seed = Tinyp2pJar.url(seedPort);
        RunningProcess server = jar.server(folder("b"), "pw", port, seed);

        Thread.sleep(3000);
        RunningProcess other = jar.server(folder("a"), "another network", seedPort);
        String notAgain = "warning: Seed " + seed + " refused the password; not trying it again, serving alone until peers call";
        server.awaitOutput(Pattern.quote(notAgain), END);
        Thread.sleep(6000);
        assertTrue(server.isAlive(), "it serves on alone\n" + server.transcript());
        assertEquals(1, count(server.stderr(), notAgain), server.transcript());
        assertFalse(server.stdout().contains("Joined the network"), server.transcript());
        assertEquals(1, count(other.stdout(), "Refused a wrong password from 127.0.0.1"),
                "one try in 6 s, not one per second: no lock-out on the seed's side\n" + other.transcript() + "\n" + server.transcript());
    }

    private static long count(String text, String line) {
        return text.lines().filter(l -> l.contains(line)).count();
    }
}
