package org.tinyp2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.testing.FakePeer;
import org.tinyp2p.testing.RunningProcess;

/** Caps that hold per run, not only per peer: a member on twelve ports listing 58,000 files each. */
class RunCapsIT {
    static final Duration END = Duration.ofSeconds(120);

    @TempDir
    Path tmp;
    final List<AutoCloseable> closeLater = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeLater) {
            c.close();
        }
    }

    @Test
    void twelvePortsOfHugeListingsEndWithAWarningInA128MiBHeap() throws Exception {
        // as compact as XML-RPC allows, so 58,000 entries fit under the client's 8 MiB cap on one answer
        StringBuilder entries = new StringBuilder("<value><array><data>");
        for (int i = 0; i < 58_000; i++) {
            entries.append("<value><struct><member><name>name</name><value>f").append(i)
                    .append("</value></member><member><name>size</name><value>1</value></member></struct></value>");
        }
        String listing = FakePeer.response(entries.append("</data></array></value>").toString());
        List<String> urls = new ArrayList<>();
        List<FakePeer> fakes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            FakePeer fake = new FakePeer("pw", (self, method) -> switch (method) {
                case "ping" -> FakePeer.response(FakePeer.strings(urls));
                case "list" -> listing;
                default -> null;
            });
            closeLater.add(fake);
            fakes.add(fake);
            urls.add(fake.url());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = Path.of(System.getProperty("tinyp2p.jar", "target/tinyp2p.jar")).toAbsolutePath().toString();
        Path into = Files.createDirectories(tmp.resolve("into"));
        try (RunningProcess client = RunningProcess.start(into, Map.of(), List.of(java, "-Xmx128m", "-jar", jar,
                "--dry-run", "pw", "client", urls.get(0), ""))) {
            int code = client.exitCode(END);
            String stderr = client.stderr();
            String summary = client.stdout().lines().filter(l -> l.startsWith("Dry run: ")).findFirst().orElse("(none)");
            String context = "exit " + code + "\n" + summary + "\n" + stderr.lines().limit(20).reduce("", (a, b) -> a + b + "\n");
            // the fakes list no hashes: the dry run says the run would refuse all of them, as that run would (exit 1)
            assertEquals(1, code, context);
            assertTrue(stderr.contains("warning: Kept the first 100000 matching files listed by the network; 596000 more were left out"), context);
            assertTrue(summary.startsWith("Dry run: 0 files") && summary.endsWith("58000 failed"), context); // the twelve list the same names
            assertTrue(!stderr.contains("OutOfMemoryError"), context);
        }
    }
}
