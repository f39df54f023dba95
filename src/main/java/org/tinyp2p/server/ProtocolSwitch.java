package org.tinyp2p.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.tinyp2p.DaemonThreads;
import org.tinyp2p.Report;

/**
 * One port for two protocols, for a --legacy server: original TinyP2P peers speak plain HTTP (they know
 * nothing else), our peers TLS. The JDK's HTTP server speaks one or the other per port, so this accepts on the
 * public port, tells a TLS ClientHello (its first byte is 22, a handshake record) from anything else, and
 * relays the connection to one of two servers listening on loopback ports of their own: the TLS one, or a
 * plain one that answers the original protocol only. Nothing falls back: a TLS connection reaches the TLS
 * server or nothing. The relays' local ports name the real callers ({@link #caller}), so limits and logs
 * still see their addresses.
 */
final class ProtocolSwitch implements AutoCloseable {
    static final int MAX_CONNECTIONS = 256;
    /** Connections relayed at once for one address, so one caller cannot take every slot. */
    static final int MAX_PER_ADDRESS = 32;
    private static final int TLS_HANDSHAKE_RECORD = 22;
    /** How long a new connection may take to send its first byte. */
    private static final int FIRST_BYTE_MILLIS = 5_000;

    private final ServerSocket listener;
    private final Report report;
    private final Map<Integer, InetSocketAddress> callers = new ConcurrentHashMap<>();
    private final ExecutorService relays = Executors.newCachedThreadPool(new DaemonThreads("tinyp2p-relay"));
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final Map<InetAddress, java.util.concurrent.atomic.AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private volatile InetSocketAddress tls;
    private volatile InetSocketAddress plain;

    private ProtocolSwitch(ServerSocket listener, Report report) {
        this.listener = listener;
        this.report = report;
    }

    /** Binds the public address (a BindException tells why it cannot). */
    static ProtocolSwitch bind(InetSocketAddress address, int backlog, Report report) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(address, backlog);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        return new ProtocolSwitch(listener, report);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Starts relaying to the two servers behind it. */
    void start(InetSocketAddress tlsServer, InetSocketAddress plainServer) {
        this.tls = tlsServer;
        this.plain = plainServer;
        Thread accept = new Thread(this::acceptLoop, "tinyp2p-switch");
        accept.setDaemon(true);
        accept.start();
    }

    /** The caller a server behind this switch sees as {@code seen} (a relay's address): the real one. */
    InetSocketAddress caller(InetSocketAddress seen) {
        return seen != null && seen.getAddress().isLoopbackAddress() ? callers.getOrDefault(seen.getPort(), seen) : seen;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException closed) {
                return;
            }
            InetAddress address = socket.getInetAddress();
            java.util.concurrent.atomic.AtomicInteger mine = perAddress.computeIfAbsent(address, a -> new java.util.concurrent.atomic.AtomicInteger());
            if (mine.incrementAndGet() > MAX_PER_ADDRESS || !slots.tryAcquire()) {
                release(address, mine, false);
                close(socket); // as many as we relay at once (for that address): the caller may try again
                continue;
            }
            try {
                relays.execute(() -> {
                    try {
                        relay(socket);
                    } finally {
                        release(address, mine, true);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                release(address, mine, true);
                close(socket);
            }
        }
    }

    private void release(InetAddress address, java.util.concurrent.atomic.AtomicInteger mine, boolean slot) {
        if (slot) {
            slots.release();
        }
        if (mine.decrementAndGet() <= 0) {
            perAddress.remove(address, mine);
        }
    }

    private void relay(Socket outside) {
        try (outside) {
            outside.setSoTimeout(FIRST_BYTE_MILLIS);
            InputStream in = outside.getInputStream();
            int first;
            try {
                first = in.read();
            } catch (SocketTimeoutException silent) {
                return;
            }
            if (first < 0) {
                return;
            }
            outside.setSoTimeout(0); // the servers behind time out idle and slow connections themselves
            try (Socket inside = new Socket()) {
                inside.connect(first == TLS_HANDSHAKE_RECORD ? tls : plain);
                inside.setTcpNoDelay(true);
                outside.setTcpNoDelay(true);
                int port = inside.getLocalPort();
                callers.put(port, (InetSocketAddress) outside.getRemoteSocketAddress());
                try {
                    OutputStream toServer = inside.getOutputStream();
                    toServer.write(first);
                    relays.execute(() -> pump(inside, outside));
                    pump(outside, inside);
                } finally {
                    callers.remove(port);
                }
            }
        } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
            report.debug("relay ended: " + e.getMessage());
        }
    }

    /** Copies until either side ends, then ends both directions. */
    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException ended) {
            // one side went away
        } finally {
            close(from);
            close(to);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Frees the public port at once. */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        relays.shutdownNow();
    }

    static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }
}
