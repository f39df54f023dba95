package org.tinyp2p.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.PeerDialer;
import org.tinyp2p.protocol.RemotePeer;
import org.tinyp2p.testing.FreePorts;
import org.tinyp2p.testing.RunningProcess;
import org.tinyp2p.testing.ServerFixture;
import org.tinyp2p.testing.Tinyp2pJar;

/**
 * The benchmark (README, "Benchmark"): {@code mvn -Pbench verify}. Real servers and clients as processes,
 * side by side with rsync --fsync (from a daemon, and over ssh: the yardstick), curl, Python's http.server
 * and cp in the same run, printed as one table. Not part of the
 * normal test run; it asserts nothing but that every run worked, since timings belong here and not in tests.
 */
class Benchmark {
    static final long GIB = 1L << 30;
    static final Duration LONG = Duration.ofMinutes(10);
    /** Timed rounds of the 1 GiB and small-file measurements. */
    static final int ROUNDS = 3;
    final Tinyp2pJar jar = new Tinyp2pJar();
    final List<String> table = new ArrayList<>();
    final Path work = Path.of("target", "bench").toAbsolutePath();

    /** rsync --fsync from a daemon and over ssh, serving the whole benchmark folder. */
    Rsync rsync;
    boolean withRsync;

    @Test
    void run() throws Exception {
        deleteTree(work);
        Files.createDirectories(work);
        rsync = new Rsync(Files.createDirectories(work.resolve("rsync")));
        try {
            withRsync = rsync.start(work);
            if (!withRsync) {
                table.add("(no rsync rows: " + rsync.missing + ")");
            }
            if (!"tree".equals(System.getProperty("bench.only"))) {
                bigFile();
                smallFiles();
                hungServer();
                memory();
                chainOfTen();
            }
            // last: deleting its 400,000 files would slow the file system for whatever came after
            new WholeTree(jar, rsync, withRsync, work, table).run();
        } finally {
            jar.close();
            rsync.close();
            System.out.println();
            System.out.println("tinyp2p benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, loopback)");
            table.forEach(System.out::println);
            System.out.println();
            deleteTree(work);
        }
    }

    private void bigFile() throws Exception {
        Path shared = Files.createDirectories(work.resolve("big-shared"));
        Path file = shared.resolve("random-1GiB.bin");
        writeRandom(file, GIB);
        syncDisk(); // otherwise the first measurement competes with the kernel writing this file back
        int port = FreePorts.next();
        jar.server(shared, "bench", port);
        // a dry run waits until the server has hashed the file, which it does once, in the background, at start:
        // the timed runs then measure the transfer, as curl's does
        RunningProcess warm = jar.start(Files.createDirectories(work.resolve("warm")), "--dry-run", "bench", "client", "http://127.0.0.1:" + port, "random-1GiB");
        check(warm.exitCode(LONG) == 0, warm);
        int httpPort = FreePorts.next();
        RunningProcess python = RunningProcess.start(shared, Map.of(), List.of("python3", "-m", "http.server", "--bind", "127.0.0.1", Integer.toString(httpPort)));
        try {
            python.awaitOutput("Serving HTTP", Duration.ofSeconds(20));
            // Rounds interleave the contenders and each reports its median, so a burst of load on this shared
            // machine moves one sample, not one contender's figure.
            List<List<Double>> samples = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                samples.add(new ArrayList<>());
            }
            for (int round = 0; round < ROUNDS; round++) {
                if (withRsync) {
                    samples.get(6).add(commandRate("rsync-daemon", rsync.fromDaemon("big-shared/random-1GiB.bin", false)));
                    samples.get(7).add(commandRate("rsync-ssh", rsync.overSsh(file, false)));
                }
                samples.get(0).add(tinyp2pRate(port, "raw", new String[0]));
                samples.get(1).add(tinyp2pRate(port, "xmlrpc", new String[] {"--no-raw"}));
                samples.get(2).add(commandRate("curl", List.of("curl", "-s", "-o", "out.bin", "http://127.0.0.1:" + httpPort + "/random-1GiB.bin")));
                // tinyp2p forces each file to disk before naming it; this is curl held to the same standard
                samples.get(3).add(commandRate("curl-sync", List.of("sh", "-c", "curl -s -o out.bin http://127.0.0.1:" + httpPort + "/random-1GiB.bin && sync out.bin")));
                samples.get(4).add(commandRate("cp", List.of("cp", file.toString(), "out.bin")));
                samples.get(5).add(startupSeconds(port));
            }
            double raw = median(samples.get(0));
            double xmlrpc = median(samples.get(1));
            double curl = median(samples.get(2));
            double curlSync = median(samples.get(3));
            double cp = median(samples.get(4));
            double startup = median(samples.get(5));
            double daemon = withRsync ? median(samples.get(6)) : Double.NaN;
            double ssh = withRsync ? median(samples.get(7)) : Double.NaN;
            table.add("1 GiB random file, whole runs (median of " + ROUNDS + ")  MB/s  x rsync/ssh  x curl");
            table.add(row("tinyp2p raw path (TLS 1.3)", raw, raw / ssh, raw / curl));
            table.add(row("tinyp2p XML-RPC fetch (TLS 1.3)", xmlrpc, xmlrpc / ssh, xmlrpc / curl));
            table.add(row("rsync --fsync from a daemon", daemon, daemon / ssh, daemon / curl));
            table.add(row("rsync --fsync over ssh", ssh, 1.0, ssh / curl));
            table.add(row("curl from http.server, no flush", curl, curl / ssh, 1.0));
            table.add(row("curl, then sync of the file", curlSync, curlSync / ssh, curlSync / curl));
            table.add(row("cp (disk limit)", cp, cp / ssh, cp / curl));
            table.add(String.format(Locale.ROOT, "  tinyp2p client start-up (JVM, TLS, password exchange, ping, list): %.2f s of each run above", startup));
            startupSplit(port);
        } finally {
            python.close();
            Files.deleteIfExists(file);
        }
    }

    private double tinyp2pRate(int port, String label, String[] options) throws Exception {
        Path into = Files.createDirectories(work.resolve("into-" + label));
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("bench", "client", "http://127.0.0.1:" + port, "random-1GiB"));
        long start = System.nanoTime();
        RunningProcess client = jar.start(into, args.toArray(String[]::new));
        check(client.exitCode(LONG) == 0, client);
        double seconds = (System.nanoTime() - start) / 1e9;
        deleteTree(into);
        syncDisk();
        return GIB / 1e6 / seconds;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** A client run that finds nothing to fetch: what every run costs before its first byte. */
    private double startupSeconds(int port) throws Exception {
        Path into = Files.createDirectories(work.resolve("into-startup"));
        long start = System.nanoTime();
        RunningProcess client = jar.start(into, "bench", "client", "http://127.0.0.1:" + port, "no file is called this");
        check(client.exitCode(LONG) == 0, client);
        double seconds = (System.nanoTime() - start) / 1e9;
        deleteTree(into);
        return seconds;
    }

    /**
     * Where a client run's start-up goes: the JVM and command line alone (--version), the whole run up to an
     * empty listing, and how much CPU the JIT compilers took in that run (-XX:+CITime).
     */
    private void startupSplit(int port) throws Exception {
        List<Double> jvm = new ArrayList<>();
        List<Double> whole = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            RunningProcess version = jar.start(work, "--version");
            check(version.exitCode(LONG) == 0, version);
            jvm.add((System.nanoTime() - start) / 1e9);
            whole.add(startupSeconds(port));
        }
        Path into = Files.createDirectories(work.resolve("into-citime"));
        RunningProcess timed = RunningProcess.start(into, Map.of(), List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UnlockDiagnosticVMOptions", "-XX:+CITime", "-jar",
                Path.of(System.getProperty("tinyp2p.jar", "target/tinyp2p.jar")).toAbsolutePath().toString(),
                "bench", "client", "http://127.0.0.1:" + port, "no file is called this"));
        check(timed.exitCode(LONG) == 0, timed);
        Matcher compile = Pattern.compile("Total compilation time\\s*:\\s*([0-9.]+) s").matcher(timed.stdout() + timed.stderr());
        double jit = compile.find() ? Double.parseDouble(compile.group(1)) : Double.NaN;
        double jvmSeconds = median(jvm);
        double wholeSeconds = median(whole);
        table.add(String.format(Locale.ROOT, "  of which: JVM and command line %.2f s; TLS, password exchange, ping, list %.2f s;"
                + " JIT compilers' time in such a run %.2f s (on the second core, mostly)", jvmSeconds, wholeSeconds - jvmSeconds, jit));
    }

    /**
     * A client run while one of two servers hangs: it is stopped (SIGSTOP), so its port still accepts
     * connections and nothing ever answers, beside the same run while it is alive.
     */
    private void hungServer() throws Exception {
        Path a = Files.createDirectories(work.resolve("hung-a"));
        Path b = Files.createDirectories(work.resolve("hung-b"));
        Files.writeString(a.resolve("a.txt"), "a");
        Files.writeString(b.resolve("b.txt"), "b");
        int pa = FreePorts.next();
        int pb = FreePorts.next();
        jar.server(a, "bench", pa);
        jar.server(b, "bench", pb, "http://127.0.0.1:" + pa);
        long pid = pidOf(pb);
        List<Double> normal = new ArrayList<>();
        List<Double> hung = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            normal.add(seconds(Files.createDirectories(work.resolve("hung-normal-" + round)), clientCommand(pa, "a.txt")));
            signal("STOP", pid);
            try {
                long start = System.nanoTime();
                RunningProcess client = RunningProcess.start(Files.createDirectories(work.resolve("hung-" + round)), Map.of(),
                        clientCommand(pa, "a.txt"));
                client.exitCode(LONG); // exit 0 or 1 alike: the hung server is reported, a.txt arrives
                check(client.stderr().contains("127.0.0.1:" + pb), client);
                hung.add((System.nanoTime() - start) / 1e9);
            } finally {
                signal("CONT", pid);
            }
        }
        double normalSeconds = median(normal);
        double hungSeconds = median(hung);
        table.add("");
        table.add(String.format(Locale.ROOT, "a client run while one of two servers hangs (SIGSTOP): %.2f s, beside %.2f s with both"
                + " alive (+%.2f s; target +5 s at most)", hungSeconds, normalSeconds, hungSeconds - normalSeconds));
    }

    private static List<String> clientCommand(int port, String pattern) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of(System.getProperty("tinyp2p.jar", "target/tinyp2p.jar")).toAbsolutePath().toString(),
                "bench", "client", "http://127.0.0.1:" + port, pattern);
    }

    private static void signal(String name, long pid) throws Exception {
        RunningProcess kill = RunningProcess.start(Path.of("."), Map.of(), List.of("kill", "-" + name, Long.toString(pid)));
        check(kill.exitCode(LONG) == 0, kill);
    }

    /** Each measurement starts with nothing left for the kernel to write back from the one before. */
    static void syncDisk() throws Exception {
        RunningProcess sync = RunningProcess.start(Path.of("."), Map.of(), List.of("sync"));
        check(sync.exitCode(LONG) == 0, sync);
    }

    /** Seconds a command takes, run in {@code into}. */
    private static double seconds(Path into, List<String> command) throws Exception {
        long start = System.nanoTime();
        RunningProcess process = RunningProcess.start(into, Map.of(), command);
        check(process.exitCode(LONG) == 0, process);
        return (System.nanoTime() - start) / 1e9;
    }

    private double commandRate(String label, List<String> command) throws Exception {
        Path into = Files.createDirectories(work.resolve("into-" + label));
        long start = System.nanoTime();
        RunningProcess process = RunningProcess.start(into, Map.of(), command);
        check(process.exitCode(LONG) == 0, process);
        double seconds = (System.nanoTime() - start) / 1e9;
        deleteTree(into);
        syncDisk();
        return GIB / 1e6 / seconds;
    }

    private void smallFiles() throws Exception {
        Path shared = Files.createDirectories(work.resolve("small-shared"));
        Random random = new Random(1);
        StringBuilder curlConfig = new StringBuilder();
        int httpPort = FreePorts.next();
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[4096];
            random.nextBytes(bytes);
            String name = String.format(Locale.ROOT, "small-%04d.bin", i);
            Files.write(shared.resolve(name), bytes);
            curlConfig.append("url = \"http://127.0.0.1:").append(httpPort).append('/').append(name).append("\"\noutput = \"").append(name).append("\"\n");
        }
        Path config = Files.writeString(work.resolve("curl.cfg"), curlConfig);
        int port = FreePorts.next();
        jar.server(shared, "bench", port);
        RunningProcess python = RunningProcess.start(shared, Map.of(), List.of("python3", "-m", "http.server", "--bind", "127.0.0.1", Integer.toString(httpPort)));
        try {
            python.awaitOutput("Serving HTTP", Duration.ofSeconds(20));
            RunningProcess warm = jar.start(Files.createDirectories(work.resolve("warm-small")), "--dry-run", "bench", "client", "http://127.0.0.1:" + port, "small-");
            check(warm.exitCode(LONG) == 0, warm);
            // fresh folders each round, deleted only at the end: deleting thousands of files just before a run
            // makes the file system's inode allocation slower for whoever comes next
            List<Double> ours = new ArrayList<>();
            List<Double> theirs = new ArrayList<>();
            List<Double> daemon = new ArrayList<>();
            List<Double> ssh = new ArrayList<>();
            List<List<Double>> tiny = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int round = 0; round < ROUNDS; round++) {
                if (withRsync) {
                    daemon.add(2000 / seconds(Files.createDirectories(work.resolve("into-small-daemon-" + round)),
                            rsync.fromDaemon("small-shared/", true)));
                    ssh.add(2000 / seconds(Files.createDirectories(work.resolve("into-small-ssh-" + round)), rsync.overSsh(shared, true)));
                    tiny.get(2).add(seconds(Files.createDirectories(work.resolve("tiny-daemon-" + round)),
                            rsync.fromDaemon("small-shared/small-0001.bin", false)));
                    tiny.get(3).add(seconds(Files.createDirectories(work.resolve("tiny-ssh-" + round)),
                            rsync.overSsh(shared.resolve("small-0001.bin"), false)));
                }
                tiny.get(0).add(seconds(Files.createDirectories(work.resolve("tiny-tinyp2p-" + round)), List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                        Path.of(System.getProperty("tinyp2p.jar", "target/tinyp2p.jar")).toAbsolutePath().toString(),
                        "bench", "client", "http://127.0.0.1:" + port, "small-0001.bin")));
                tiny.get(1).add(seconds(Files.createDirectories(work.resolve("tiny-curl-" + round)),
                        List.of("curl", "-s", "-o", "small-0001.bin", "http://127.0.0.1:" + httpPort + "/small-0001.bin")));
                Path into = Files.createDirectories(work.resolve("into-small-" + round));
                long start = System.nanoTime();
                RunningProcess client = jar.start(into, "bench", "client", "http://127.0.0.1:" + port, "small-");
                check(client.exitCode(LONG) == 0, client);
                ours.add(2000 / ((System.nanoTime() - start) / 1e9));
                Path curlInto = Files.createDirectories(work.resolve("into-small-curl-" + round));
                start = System.nanoTime();
                RunningProcess curl = RunningProcess.start(curlInto, Map.of(), List.of("curl", "-s", "-K", config.toString()));
                check(curl.exitCode(LONG) == 0, curl);
                theirs.add(2000 / ((System.nanoTime() - start) / 1e9));
            }
            double tinyp2p = median(ours);
            double curlRate = median(theirs);
            double daemonRate = withRsync ? median(daemon) : Double.NaN;
            double sshRate = withRsync ? median(ssh) : Double.NaN;
            table.add("");
            table.add("2,000 files of 4 KiB (median of " + ROUNDS + ")   files/s  x rsync/ssh  x curl");
            table.add(row("tinyp2p client", tinyp2p, tinyp2p / sshRate, tinyp2p / curlRate));
            table.add(row("rsync -r --fsync from a daemon", daemonRate, daemonRate / sshRate, daemonRate / curlRate));
            table.add(row("rsync -r --fsync over ssh", sshRate, 1.0, sshRate / curlRate));
            table.add(row("curl -K (one process, no flush)", curlRate, curlRate / sshRate, 1.0));
            table.add("");
            table.add("one 4 KiB file, whole run (median of " + ROUNDS + ")  seconds");
            String[] names = {"tinyp2p client", "curl, no flush", "rsync --fsync from a daemon", "rsync --fsync over ssh"};
            for (int i = 0; i < names.length; i++) {
                if (!tiny.get(i).isEmpty()) {
                    table.add(String.format(Locale.ROOT, "  %-34s %7.3f", names[i], median(tiny.get(i))));
                }
            }
        } finally {
            python.close();
        }
    }

    private void memory() throws Exception {
        table.add("");
        table.add("peak RSS (MiB), default java -jar    client   server");
        for (boolean raw : new boolean[] {true, false}) {
            for (long size : new long[] {64L << 20, 2 * GIB}) {
                long[] peaks = peakRss(size, raw);
                table.add(String.format(Locale.ROOT, "  %-34s %7.0f  %7.0f", (size >> 20) + " MiB file, " + (raw ? "raw path" : "XML-RPC fetch"),
                        peaks[0] / 1024.0, peaks[1] / 1024.0));
            }
        }
    }

    /** Client and server peak RSS in KiB for one download of a sparse file of {@code size} bytes. */
    private long[] peakRss(long size, boolean raw) throws Exception {
        Path shared = Files.createDirectories(work.resolve("mem-" + size + "-" + raw));
        try (RandomAccessFile file = new RandomAccessFile(shared.resolve("file.bin").toFile(), "rw")) {
            file.setLength(size); // sparse: the memory figures do not depend on the bytes
        }
        int port = FreePorts.next();
        RunningProcess server = jar.server(shared, "bench", port);
        long serverPid = pidOf(port);
        Path into = Files.createDirectories(work.resolve("mem-into-" + size + "-" + raw));
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "maxrss=%M",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of(System.getProperty("tinyp2p.jar", "target/tinyp2p.jar")).toAbsolutePath().toString()));
        if (!raw) {
            command.add("--no-raw");
        }
        command.addAll(List.of("bench", "client", "http://127.0.0.1:" + port, ""));
        RunningProcess client = RunningProcess.start(into, Map.of(), command);
        check(client.exitCode(LONG) == 0, client);
        Matcher m = Pattern.compile("maxrss=(\\d+)").matcher(client.stderr());
        check(m.find(), client);
        long clientKib = Long.parseLong(m.group(1));
        long serverKib = peakRssKib(serverPid);
        server.close();
        deleteTree(shared);
        deleteTree(into);
        return new long[] {clientKib, serverKib};
    }

    private void chainOfTen() throws Exception {
        List<Integer> ports = new ArrayList<>();
        long lastStart = 0;
        for (int i = 0; i < 10; i++) {
            int port = FreePorts.next();
            Path folder = Files.createDirectories(work.resolve("chain-" + i));
            Files.writeString(folder.resolve("f" + i + ".txt"), "server " + i);
            lastStart = System.nanoTime();
            if (ports.isEmpty()) {
                jar.server(folder, "bench", port);
            } else if (i < 9) { // as friends do: each joins once the one before it runs
                jar.server(folder, "bench", port, "http://127.0.0.1:" + ports.get(ports.size() - 1));
            } else {
                jar.start(folder, "bench", "server", "127.0.0.1", Integer.toString(port), "http://127.0.0.1:" + ports.get(ports.size() - 1));
            }
            ports.add(port);
        }
        PeerDialer dialer = ServerFixture.dialer("bench");
        boolean all = false;
        while (!all && System.nanoTime() - lastStart < Duration.ofSeconds(60).toNanos()) {
            all = true;
            for (int port : ports) {
                try {
                    RemotePeer peer = dialer.peer(PeerUrl.of("127.0.0.1", port));
                    all &= peer.exchangePeers(new Object[0]).size() == 10;
                } catch (org.tinyp2p.protocol.PeerException notYet) {
                    all = false;
                }
                if (!all) {
                    break;
                }
            }
            if (!all) {
                Thread.sleep(20);
            }
        }
        double converge = (System.nanoTime() - lastStart) / 1e9;
        check(all, null);
        Path into = Files.createDirectories(work.resolve("chain-into"));
        long start = System.nanoTime();
        RunningProcess walk = jar.start(into, "bench", "client", "http://127.0.0.1:" + ports.get(0), "");
        check(walk.exitCode(LONG) == 0 && walk.stdout().contains("10 files"), walk);
        double walkSeconds = (System.nanoTime() - start) / 1e9;
        table.add("");
        table.add("10 servers joined in a chain     seconds");
        table.add(String.format(Locale.ROOT, "  %-34s %7.2f", "last start -> all know all ten", converge));
        table.add(String.format(Locale.ROOT, "  %-34s %7.2f", "client walks all ten (10 files)", walkSeconds));
        table.add("  (both include starting a JVM, ~0.5 s)");
    }

    private static String row(String label, double value, double ratio, double ratio2) {
        return String.format(Locale.ROOT, "  %-34s %8.0f  %9.2f  %6.2f", label, value, ratio, ratio2);
    }

    static void check(boolean ok, RunningProcess process) {
        if (!ok) {
            throw new AssertionError(process == null ? "did not converge" : process.transcript());
        }
    }

    private static long pidOf(int port) throws IOException {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.info().arguments().map(a -> List.of(a).contains(Integer.toString(port))).orElse(false))
                    .mapToLong(ProcessHandle::pid).findFirst().orElseThrow();
        }
    }

    static long peakRssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static void writeRandom(Path file, long size) throws IOException {
        Random random = new Random(42);
        byte[] block = new byte[1 << 20];
        try (var out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += block.length) {
                random.nextBytes(block);
                out.write(block);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
