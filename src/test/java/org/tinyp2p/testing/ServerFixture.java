package org.tinyp2p.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.tinyp2p.Failure;
import org.tinyp2p.Report;
import org.tinyp2p.files.SharedFolder;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.PeerDialer;
import org.tinyp2p.protocol.Timeouts;
import org.tinyp2p.server.ServerConfig;
import org.tinyp2p.server.TinyServer;

/** Real servers in this JVM, on 127.0.0.1 and free ports; {@link #close} stops every one. */
public final class ServerFixture implements AutoCloseable {
    private final List<TinyServer> servers = Collections.synchronizedList(new ArrayList<>());
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    public static PeerDialer dialer(String password) {
        return new PeerDialer(password.toCharArray(), java.util.Set.of(), Timeouts.DEFAULT);
    }

    public TinyServer start(Path folder, String password, PeerUrl seed) throws Failure {
        return start(folder, password, seed, false);
    }

    public TinyServer start(Path folder, String password, PeerUrl seed, boolean legacy) throws Failure {
        Report report = report();
        ServerConfig config = new ServerConfig("127.0.0.1", 0, SharedFolder.open(folder, false, report), Optional.ofNullable(seed),
                password.toCharArray(), legacy, dialer(password), java.time.Duration.ZERO);
        TinyServer server = TinyServer.start(config, report);
        servers.add(server);
        server.join();
        // the seed takes the newcomer in once it has called it back and the newcomer proved membership
        TinyServer seedServer = seed == null ? null : servers.stream().filter(s -> s.url().equals(seed)).findFirst().orElse(null);
        if (seedServer != null && server.peers().isLive(seed)) {
            try {
                awaitLive(seedServer, server.url());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return server;
    }

    /** Waits until {@code server} hands out {@code peer}: it learned of it and called it, and it proved membership. */
    public void awaitLive(TinyServer server, PeerUrl peer) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!server.peers().isLive(peer)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(server.url() + " never took in " + peer + "\n" + String.join("\n", log));
            }
            Thread.sleep(20);
        }
    }

    /** A report that keeps every line, for assertions and failure messages. */
    public Report report() {
        return new Report() {
            @Override public void info(String line) { log.add("info: " + line); }
            @Override public void warn(String line) { log.add("warn: " + line); }
            @Override public void debug(String line) { log.add("debug: " + line); }
        };
    }

    public String log() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    @Override
    public void close() {
        synchronized (servers) {
            servers.forEach(TinyServer::close);
        }
    }
}
