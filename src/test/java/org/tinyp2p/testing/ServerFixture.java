package org.tinyp2p.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.tinyp2p.Failure;
import org.tinyp2p.Report;
import org.tinyp2p.files.SharedFolder;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.CallAuthenticator;
import org.tinyp2p.protocol.LegacyToken;
import org.tinyp2p.protocol.NetworkKey;
import org.tinyp2p.protocol.PeerDialer;
import org.tinyp2p.protocol.Timeouts;
import org.tinyp2p.server.ServerConfig;
import org.tinyp2p.server.TinyServer;

/** Real servers in this JVM, on 127.0.0.1 and free ports; {@link #close} stops every one. */
public final class ServerFixture implements AutoCloseable {
    private static final Map<String, CallAuthenticator> KEYS = new ConcurrentHashMap<>();

    private final List<TinyServer> servers = Collections.synchronizedList(new ArrayList<>());
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    /** The key for a password, derived once per test run (derivation is slow on purpose). */
    public static CallAuthenticator key(String password) {
        return KEYS.computeIfAbsent(password, p -> new CallAuthenticator(NetworkKey.derive(p)));
    }

    public static PeerDialer dialer(String password) {
        return new PeerDialer(key(password), null, Timeouts.DEFAULT);
    }

    public TinyServer start(Path folder, String password, PeerUrl seed) throws Failure {
        return start(folder, password, seed, false);
    }

    public TinyServer start(Path folder, String password, PeerUrl seed, boolean legacy) throws Failure {
        LegacyToken legacyToken = legacy ? new LegacyToken(password) : null;
        ServerConfig config = new ServerConfig("127.0.0.1", 0, SharedFolder.open(folder), Optional.ofNullable(seed),
                key(password), legacyToken, new PeerDialer(key(password), legacyToken, Timeouts.DEFAULT), java.time.Duration.ZERO);
        TinyServer server = TinyServer.start(config, report());
        servers.add(server);
        server.join();
        return server;
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
