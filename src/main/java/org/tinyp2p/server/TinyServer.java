package org.tinyp2p.server;

import org.tinyp2p.DaemonThreads;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.tinyp2p.Failure;
import org.tinyp2p.Report;
import org.tinyp2p.files.HashCache;
import org.tinyp2p.peer.PeerList;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.JvmHardening;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.Protocol;

/**
 * A running tinyp2p server: Apache's XML-RPC processor inside the JDK's HTTP server, on a bounded pool of
 * worker threads. {@link #start} binds, serves, then joins the network; {@link #close} releases the port at once.
 */
public final class TinyServer implements AutoCloseable {
    private final HttpServer http;
    private final ExecutorService workers;
    private final PeerUrl url;
    private final PeerList peers;
    private final ServerConfig config;
    private final Report report;
    private final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();

    private final HashCache hashes;
    private final Liveness liveness;

    private TinyServer(HttpServer http, ExecutorService workers, PeerUrl url, PeerList peers, ServerConfig config, Report report,
                       HashCache hashes, Liveness liveness) {
        this.hashes = hashes;
        this.liveness = liveness;
        this.http = http;
        this.workers = workers;
        this.url = url;
        this.peers = peers;
        this.config = config;
        this.report = report;
    }

    /**
     * Binds {@code host:port} and starts answering; {@link #join} then joins the network.
     *
     * @throws Failure if the address cannot be bound
     */
    public static TinyServer start(ServerConfig config, Report report) throws Failure {
        JvmHardening.install();
        HttpLimits.apply();
        HttpServer http = bind(config.host(), config.port());
        PeerUrl self = PeerUrl.of(config.host(), http.getAddress().getPort());
        PeerList peers = new PeerList();
        peers.add(self);

        HashCache hashes = new HashCache();
        Liveness liveness = new Liveness(self, peers, config.dialer(), report);
        MethodTable methods = new MethodTable();
        ReplayGuard guard = new ReplayGuard(config.host(), http.getAddress().getPort());
        new PeerService(config.folder(), hashes, peers, report, liveness::recheck).register(methods, config.authenticator(), guard);
        if (config.legacyToken() != null) {
            methods.add(Protocol.LEGACY, new LegacyService(config.folder(), peers, self, config.legacyToken(), report));
        }
        ExecutorService workers = Executors.newFixedThreadPool(HttpLimits.THREADS, new DaemonThreads("tinyp2p-worker"));
        http.setExecutor(workers);
        PerAddressLimit limit = new PerAddressLimit();
        http.createContext("/", new RpcEndpoint(new RpcServer(methods, report), report)).getFilters().add(limit);
        http.createContext(Protocol.RAW_PREFIX, new RawFileEndpoint(config.folder(), hashes, config.authenticator(), guard, report))
                .getFilters().add(limit);
        http.start();
        warm(config.folder(), hashes);
        if (!config.pingInterval().isZero()) {
            liveness.start(config.pingInterval());
        }

        return new TinyServer(http, workers, self, peers, config, report, hashes, liveness);
    }

    /**
     * Joins the network through the configured seed, if there is one. A seed that is down is only a warning.
     *
     * @throws PeerException if the seed refuses our password (the server is then stopped)
     */
    public void join() throws PeerException {
        if (config.seed().isEmpty()) {
            return;
        }
        try {
            new Joiner(url, peers, config.dialer(), report).join(config.seed().get());
        } catch (PeerException refused) {
            close();
            throw refused;
        }
    }

    /** Starts hashing what is shared now, so that the first listing finds the hashes ready. */
    private static void warm(org.tinyp2p.files.SharedFolder folder, HashCache hashes) {
        Thread warm = new Thread(() -> {
            try {
                for (org.tinyp2p.files.SharedFile file : folder.list(name -> true)) {
                    folder.resolve(file.name()).ifPresent(hashes::lookup);
                }
            } catch (IOException ignored) {
                // listings will hash on demand
            }
        }, "tinyp2p-warm-hashes");
        warm.setDaemon(true);
        warm.start();
    }

    private static HttpServer bind(String host, int port) throws Failure {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new Failure("Cannot listen on " + host + ":" + port + ": unknown host " + host);
        }
        try {
            return HttpServer.create(address, HttpLimits.BACKLOG);
        } catch (BindException e) {
            String why = String.valueOf(e.getMessage()).contains("in use")
                    ? "port " + port + " is already in use"
                    : "the address is not one of this machine's (" + e.getMessage() + ")";
            throw new Failure("Cannot listen on " + host + ":" + port + ": " + why, e);
        } catch (UnknownHostException e) {
            throw new Failure("Cannot listen on " + host + ":" + port + ": unknown host " + host, e);
        } catch (IOException e) {
            throw new Failure("Cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public PeerUrl url() {
        return url;
    }

    /** Runs one liveness round now (tests; the server runs them on its own at its interval). */
    public void pingPeersNow() throws InterruptedException {
        liveness.round();
    }

    public PeerList peers() {
        return peers;
    }

    /**
     * Stops at once: the port is free when this returns.
     *
     * @return false if the server was already stopped
     */
    public boolean stop() {
        if (!stopped.compareAndSet(false, true)) {
            return false;
        }
        http.stop(0);
        workers.shutdownNow();
        hashes.close();
        liveness.close();
        return true;
    }

    @Override
    public void close() {
        stop();
    }
}
