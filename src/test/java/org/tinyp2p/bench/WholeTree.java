package org.tinyp2p.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tinyp2p.testing.RunningProcess;
import org.tinyp2p.testing.Tinyp2pJar;

/**
 * Issue 19's case: a tree of 100,000 small files in 1,000 folders, fetched whole (PATTERN '') from one
 * server, beside rsync -r --fsync from the daemon and over ssh, once (generating and fetching it takes
 * minutes). Beside the rates: both sides' peak RSS on default settings, the server's CPU for a listing whose
 * hashes it knows, and what its first listing costs while it still hashes.
 */
final class WholeTree {
    static final int FOLDERS = 1000;
    static final int PER_FOLDER = 100;
    static final int FILES = FOLDERS * PER_FOLDER;
    /** Dry runs tried while a fresh server hashes the tree, before giving up. */
    static final int WARM_ATTEMPTS = 20;

    private final Tinyp2pJar jar;
    private final Rsync rsync;
    private final boolean withRsync;
    private final Path work;
    private final List<String> table;
    private final List<RunningProcess> started = new ArrayList<>();
    private final double ticksPerSecond;

    WholeTree(Tinyp2pJar jar, Rsync rsync, boolean withRsync, Path work, List<String> table) throws Exception {
        this.jar = jar;
        this.rsync = rsync;
        this.withRsync = withRsync;
        this.work = work;
        this.table = table;
        RunningProcess tck = RunningProcess.start(work, Map.of(), List.of("getconf", "CLK_TCK"));
        Benchmark.check(tck.exitCode(Benchmark.LONG) == 0, tck);
        ticksPerSecond = Double.parseDouble(tck.stdout().trim());
    }

    void run() throws Exception {
        Path tree = work.resolve("tree-shared");
        try {
            long made = System.nanoTime();
            generate(tree);
            Benchmark.syncDisk();
            double madeSeconds = (System.nanoTime() - made) / 1e9;
            int port = org.tinyp2p.testing.FreePorts.next();
            RunningProcess server = jar.server(tree, "bench", port, "--ping-interval=0");
            long serverPid = server.pid();
            String url = "http://127.0.0.1:" + port;
            // A fresh server hashes small files when a listing first names them: its first listings may be cut
            // or time out; dry runs are tried until one gets the whole tree, so the timed run measures the transfer.
            long coldStart = System.nanoTime();
            long coldCpu = cpuTicks(serverPid);
            int attempts = 0;
            boolean listed = false;
            while (!listed && attempts < WARM_ATTEMPTS) {
                attempts++;
                listed = dryRun(url).listed == FILES;
            }
            Benchmark.check(listed, null);
            double coldSeconds = (System.nanoTime() - coldStart) / 1e9;
            double coldCpuSeconds = (cpuTicks(serverPid) - coldCpu) / ticksPerSecond;
            long warmCpu = cpuTicks(serverPid);
            DryRun warm = dryRun(url);
            Benchmark.check(warm.listed == FILES, warm.process);
            double listingCpu = (cpuTicks(serverPid) - warmCpu) / ticksPerSecond;
            long serverPeakSinceStart = Benchmark.peakRssKib(serverPid);

            double daemon = Double.NaN;
            double ssh = Double.NaN;
            if (withRsync) {
                daemon = FILES / fetch("daemon", rsync.fromDaemon("tree-shared/", true));
                Benchmark.syncDisk();
                ssh = FILES / fetch("ssh", rsync.overSsh(tree, true));
                Benchmark.syncDisk();
            }
            boolean reset = resetPeak(serverPid);
            long fetchCpu = cpuTicks(serverPid);
            List<String> client = new ArrayList<>(List.of("/usr/bin/time", "-f", "maxrss=%M user=%U sys=%S",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UnlockDiagnosticVMOptions", "-XX:+CITime", "-jar",
                    Path.of(System.getProperty("tinyp2p.jar", "target/tinyp2p.jar")).toAbsolutePath().toString(),
                    "-q", "--json", "bench", "client", url, ""));
            Path into = Files.createDirectories(work.resolve("tree-into-tinyp2p"));
            long start = System.nanoTime();
            RunningProcess fetch = track(RunningProcess.start(into, Map.of(), client));
            Benchmark.check(fetch.exitCode(Benchmark.LONG) == 0, fetch);
            double seconds = (System.nanoTime() - start) / 1e9;
            Benchmark.check(count(into) == FILES, fetch);
            double serverFetchCpu = (cpuTicks(serverPid) - fetchCpu) / ticksPerSecond;
            long serverPeak = Benchmark.peakRssKib(serverPid);
            Matcher time = Pattern.compile("maxrss=(\\d+) user=([0-9.]+) sys=([0-9.]+)").matcher(fetch.stderr());
            Benchmark.check(time.find(), fetch);
            Matcher jit = Pattern.compile("Total compilation time\\s*:\\s*([0-9.]+) s").matcher(fetch.stdout() + fetch.stderr());
            double jitSeconds = jit.find() ? Double.parseDouble(jit.group(1)) : Double.NaN;
            double ours = FILES / seconds;

            table.add("");
            table.add(String.format(Locale.ROOT, "100,000 files of 1-4 KiB in 1,000 folders, whole tree (once)  files/s  x rsync/ssh"));
            table.add(String.format(Locale.ROOT, "  %-34s %8.0f  %9.2f", "tinyp2p client, PATTERN ''", ours, ours / ssh));
            table.add(String.format(Locale.ROOT, "  %-34s %8.0f  %9.2f", "rsync -r --fsync from a daemon", daemon, daemon / ssh));
            table.add(String.format(Locale.ROOT, "  %-34s %8.0f  %9.2f", "rsync -r --fsync over ssh", ssh, 1.0));
            table.add(String.format(Locale.ROOT, "  tinyp2p run %.1f s: client CPU %.1f s user + %.1f s system (JIT %.1f s), server CPU %.1f s;"
                    + " %.2f ms of CPU a file in all", seconds, Double.parseDouble(time.group(2)), Double.parseDouble(time.group(3)), jitSeconds,
                    serverFetchCpu, (Double.parseDouble(time.group(2)) + Double.parseDouble(time.group(3)) + serverFetchCpu) * 1000 / FILES));
            table.add(String.format(Locale.ROOT, "  peak RSS, default java -jar (goal: under 256 MiB each): client %.0f MiB, server %.0f MiB%s"
                    + " (%.0f MiB after the dry runs before it)", Long.parseLong(time.group(1)) / 1024.0, serverPeak / 1024.0,
                    reset ? " in that run" : "", serverPeakSinceStart / 1024.0));
            table.add(String.format(Locale.ROOT, "  listing the tree, hashes known (dry run): server CPU %.2f s (goal: well under 1 s);"
                    + " the client's whole run %.1f s", listingCpu, warm.seconds));
            table.add(String.format(Locale.ROOT, "  a fresh server's first whole listing (hashing 100,000 files): %.1f s, %d dry run%s, server CPU %.1f s",
                    coldSeconds, attempts, attempts == 1 ? "" : "s", coldCpuSeconds));
            table.add(String.format(Locale.ROOT, "  (generating the tree: %.0f s)", madeSeconds));
        } finally {
            for (RunningProcess process : started) {
                // /usr/bin/time's child outlives it if the wrapper alone is killed
                ProcessHandle.of(process.pid()).ifPresent(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
                process.close();
            }
        }
    }

    private record DryRun(RunningProcess process, int listed, double seconds) {
    }

    /** A dry run of the whole tree: how many files it would fetch, none if the listing failed. */
    private DryRun dryRun(String url) throws Exception {
        Path into = Files.createDirectories(work.resolve("tree-dry"));
        long start = System.nanoTime();
        RunningProcess dry = jar.start(into, "-q", "--json", "--dry-run", "bench", "client", url, "");
        dry.exitCode(Benchmark.LONG); // 1 when the listing timed out: counted as none
        double seconds = (System.nanoTime() - start) / 1e9;
        int listed = dry.stdout().contains("\"peers_reached\":[\"") ? countOf(dry.stdout(), "\"name\":") : 0;
        return new DryRun(dry, listed, seconds);
    }

    /** Seconds an rsync of the tree takes into an empty folder, checked to hold every file. */
    private double fetch(String label, List<String> command) throws Exception {
        Path into = Files.createDirectories(work.resolve("tree-into-" + label));
        long start = System.nanoTime();
        RunningProcess process = track(RunningProcess.start(into, Map.of(), command));
        Benchmark.check(process.exitCode(Benchmark.LONG) == 0, process);
        double seconds = (System.nanoTime() - start) / 1e9;
        Benchmark.check(count(into) == FILES, process);
        return seconds;
    }

    private RunningProcess track(RunningProcess process) {
        started.add(process);
        return process;
    }

    /** 10 folders of 100 folders of 100 files, 1-4 KiB each, the same bytes every run. */
    private static void generate(Path tree) throws IOException {
        Random random = new Random(19);
        for (int folder = 0; folder < FOLDERS; folder++) {
            Path dir = Files.createDirectories(tree.resolve(String.format(Locale.ROOT, "shelf-%d/box-%03d", folder / 100, folder)));
            for (int i = 0; i < PER_FOLDER; i++) {
                byte[] bytes = new byte[1024 + random.nextInt(3 * 1024 + 1)];
                random.nextBytes(bytes);
                Files.write(dir.resolve(String.format(Locale.ROOT, "file-%03d.bin", i)), bytes);
            }
        }
    }

    private static long count(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).count();
        }
    }

    private static int countOf(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
            n++;
        }
        return n;
    }

    /** utime + stime of a process, in clock ticks. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Resets the process's peak RSS (VmHWM) to its present RSS; false where the kernel does not let us. */
    private static boolean resetPeak(long pid) {
        try {
            Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
