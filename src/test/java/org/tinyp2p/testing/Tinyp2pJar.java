package org.tinyp2p.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The built jar, run as separate processes exactly as a user types the command ({@code java -jar
 * tinyp2p.jar}, or the image's launcher: {@link #launcher}). Every process started here is stopped by
 * {@link #close}, so a test can start many and clean up once.
 */
public final class Tinyp2pJar implements AutoCloseable {
    public static final Duration STARTUP = Duration.ofSeconds(30);

    private final List<String> command;
    private final List<RunningProcess> started = Collections.synchronizedList(new ArrayList<>());

    public Tinyp2pJar() {
        String property = System.getProperty("tinyp2p.jar", "target/tinyp2p.jar");
        Path jar = Path.of(property).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no jar at " + jar + ": run 'mvn verify', which builds it before these tests");
        }
        command = List.of(javaBinary(), "-jar", jar.toString());
    }

    private Tinyp2pJar(Path launcher) {
        command = List.of(launcher.toString());
    }

    /** The self-contained image's launcher, target/tinyp2p/bin/tinyp2p, run as a user runs it. */
    public static Tinyp2pJar launcher(Path launcher) {
        return new Tinyp2pJar(launcher.toAbsolutePath());
    }

    /** Where the build puts the launcher; it is there only when a JDK 25 was found (src/build/image.sh). */
    public static Path launcherPath() {
        return Path.of(System.getProperty("tinyp2p.launcher", "target/tinyp2p/bin/tinyp2p")).toAbsolutePath();
    }

    /** Starts {@code java -jar tinyp2p.jar args...} (or the launcher) in {@code dir}. */
    public RunningProcess start(Path dir, String... args) {
        return start(dir, Map.of(), args);
    }

    public RunningProcess start(Path dir, Map<String, String> env, String... args) {
        return startWithin(List.of(), dir, env, args);
    }

    /** Starts the jar under a command prefix, such as {@code ip netns exec NAME} ({@link NetNamespace#exec}). */
    public RunningProcess startWithin(List<String> prefix, Path dir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(this.command);
        command.addAll(List.of(args));
        RunningProcess process = RunningProcess.start(dir, env, command);
        started.add(process);
        return process;
    }

    /** Starts a server and waits until it is serving (and has joined, if it was given a seed). */
    public RunningProcess server(Path dir, String password, int port, String... seedAndOptions) {
        List<String> args = new ArrayList<>(List.of(password, "server", "127.0.0.1", Integer.toString(port)));
        args.addAll(List.of(seedAndOptions));
        RunningProcess server = start(dir, args.toArray(String[]::new));
        boolean joining = seedAndOptions.length > 0 && seedAndOptions[0].startsWith("http");
        server.awaitOutput(joining ? "Joined the network|serving alone until peers call" : "Started a new network", STARTUP);
        return server;
    }

    /** Runs a client to its end. */
    public RunningProcess client(Path dir, String... args) {
        return client(dir, Map.of(), args);
    }

    public RunningProcess client(Path dir, Map<String, String> env, String... args) {
        RunningProcess client = start(dir, env, args);
        client.exitCode(Duration.ofSeconds(120));
        return client;
    }

    public static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() {
        synchronized (started) {
            started.forEach(RunningProcess::close);
        }
    }
}
