package org.tinyp2p.server;

import org.tinyp2p.protocol.xmlrpc.JvmHardening;

import org.tinyp2p.protocol.LegacyToken;
import org.tinyp2p.secure.PakeMessage;
import org.tinyp2p.secure.ServerIdentity;
import java.io.IOException;
import org.tinyp2p.server.http.Door;
import org.tinyp2p.Failure;
import org.tinyp2p.Report;
import org.tinyp2p.files.HashCache;
import org.tinyp2p.peer.PeerList;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.Protocol;

/**
 * A running tinyp2p server: Apache's XML-RPC processor behind its own {@link Door} (TLS 1.3, a key pair
 * and certificate of its own made at start), on a bounded number of workers; callers prove the password
 * at {@link Protocol#PAKE_PATH} before any call. {@link #start} binds, serves, then joins the network; {@link #close} releases the port at once.
 */
public final class TinyServer implements AutoCloseable {
    private final Door http;
    private final PeerUrl url;
    private final PeerList peers;
    private final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();

    private final HashCache hashes;
    private final Liveness liveness;
    /** Null without a seed. */
    private final SeedJoin seedJoin;

    private TinyServer(Door http, PeerUrl url, PeerList peers, HashCache hashes, Liveness liveness, SeedJoin seedJoin) {
        this.hashes = hashes;
        this.liveness = liveness;
        this.seedJoin = seedJoin;
        this.http = http;
        this.url = url;
        this.peers = peers;
    }

    /**
     * Binds {@code host:port} and starts answering; {@link #join} then joins the network.
     *
     * @throws Failure if the address cannot be bound
     */
    public static TinyServer start(ServerConfig config, Report report) throws Failure {
        JvmHardening.install();
        ServerIdentity identity = ServerIdentity.generate();
        FailedAttempts failures = new FailedAttempts(); // wrong passwords and wrong original tokens alike
        Door http = Listeners.bind(config.host(), config.port(), config.legacy(), identity, failures, report);
        PeerUrl self = PeerUrl.of(config.host(), http.address().getPort());
        PeerList peers = new PeerList();
        peers.proven(self);

        HashCache hashes = new HashCache();
        Liveness liveness = new Liveness(self, peers, config.dialer(), report, config.seed().map(java.util.Set::of).orElse(java.util.Set.of()));
        MethodTable methods = new MethodTable();
        Sessions sessions = new Sessions();
        ReplayGuard guard = new ReplayGuard(sessions);
        new PeerService(config.folder(), hashes, peers, report, liveness::recheck, liveness::callBack).register(methods, guard);
        PerAddressLimit limit = new PerAddressLimit();
        // each route's largest request body: the door reads it before a worker is taken, and answers 413 to more
        http.tls().add("/", new RpcEndpoint(new RpcServer(methods, report), report), Protocol.MAX_REQUEST_BYTES)
                .getFilters().add(limit);
        http.tls().add(Protocol.RAW_PREFIX, new RawFileEndpoint(config.folder(), hashes, guard, report), 0)
                .getFilters().add(limit);
        http.tls().add(Protocol.BUNDLE_PATH, new BundleEndpoint(config.folder(), hashes, guard, report), Protocol.MAX_BUNDLE_REQUEST)
                .getFilters().add(limit);
        http.tls().add(Protocol.PAKE_PATH, new HandshakeEndpoint(config.password(), identity.fingerprint(), self.toString(),
                sessions, failures, report), PakeMessage.MAX_BYTES).getFilters().add(limit);
        if (http.plain() != null) { // original peers: their one method, in plain HTTP, and nothing of ours;
            // the top level only, as the original shared: their client would break on a name with '/'
            MethodTable original = new MethodTable().add(Protocol.LEGACY,
                    new LegacyService(config.folder().topLevel(), peers, self, new LegacyToken(new String(config.password())), report, liveness::recheck, failures));
            http.plain().add("/", new RpcEndpoint(new RpcServer(original, report), report), Protocol.MAX_REQUEST_BYTES)
                    .getFilters().add(limit);
        }
        http.start();
        warm(config.folder(), hashes);
        if (!config.pingInterval().isZero()) {
            liveness.start(config.pingInterval());
        }

        SeedJoin seedJoin = config.seed().map(seed -> new SeedJoin(seed,
                new Joiner(self, peers, config.dialer(), report, liveness::mayCall), peers,
                Backoff.forSeed(config.pingInterval()), report)).orElse(null);
        return new TinyServer(http, self, peers, hashes, liveness, seedJoin);
    }

    /**
     * Joins the network through the configured seed, if there is one. A seed that is down is only a warning,
     * and is tried again in the background until it answers (unless the ping interval is zero: never).
     *
     * @throws PeerException if the seed refuses our password (the server is then stopped)
     */
    public void join() throws PeerException {
        if (seedJoin == null) {
            return;
        }
        try {
            seedJoin.start();
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
                    hashes.lookup(file);
                }
            } catch (IOException ignored) {
                // listings will hash on demand
            }
        }, "tinyp2p-warm-hashes");
        warm.setDaemon(true);
        warm.start();
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
        if (seedJoin != null) {
            seedJoin.close();
        }
        http.close();
        hashes.close();
        liveness.close();
        return true;
    }

    @Override
    public void close() {
        stop();
    }
}
