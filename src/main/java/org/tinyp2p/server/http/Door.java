package org.tinyp2p.server.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import org.tinyp2p.DaemonThreads;
import org.tinyp2p.Report;

/**
 * The server's HTTP/1.1 front door, on one port: it accepts each connection, decides at once whether it may
 * stay ({@link Admission}: per address, and room kept for callers that proved the password), and gives it a
 * thread of its own ({@link Conversation}) for its TLS handshake, its request heads and bodies, and its idle
 * time, each under a deadline. Handlers run on at most {@link Limits#workers} of those threads at once, and
 * only for requests that have wholly arrived, body and all: no handler waits on the network for a request.
 * Strangers (callers whose address has not proved the password lately) take at most half of the workers and
 * of the bytes bodies may hold, so members always find the rest.
 *
 * <p>Why not the JDK's HttpServer: it performs the TLS handshake and reads each request head on one of its
 * worker threads, and a filter sees the caller only after that, so a few dozen connections that say nothing
 * (or one byte) held every worker and kept members out; nor can it limit connections when they are accepted.
 * With {@code plainToo} (--legacy) the first byte tells a TLS ClientHello from plain HTTP on the same port, in
 * this process, so there are no inner ports for a local user to reach around the door.
 */
public final class Door implements AutoCloseable {
    /** How long each phase of a connection may last, and what its requests may hold. */
    public record Limits(long handshakeMillis, long firstRequestMillis, long headMillis, long bodyMillis,
                         long keepAliveMillis, long queueMillis, long stallMillis, long strangerStallMillis,
                         int maxBodyBytes, int workers, int bodyBudgetBytes) {
        /**
         * TLS handshake, the first request's first byte, and a head: 5 s each (a LAN peer needs milliseconds);
         * a body 10 s; an idle kept connection 30 s; a whole request waits for a worker 10 s (then 503); an
         * answer must move 64 KiB a minute (5 s for a stranger's, which are all small), else it is cut. Every
         * body, at most 1 MiB, is read before a worker is taken, 32 MiB of them at once. 32 workers. Strangers
         * hold at most half the workers and half the body bytes.
         */
        public static final Limits DEFAULT = new Limits(5_000, 5_000, 5_000, 10_000, 30_000, 10_000, 60_000, 5_000,
                1 << 20, 32, 32 << 20);
    }

    final Routes tls = new Routes();
    /** Null unless plain HTTP is spoken too. */
    final Routes plain;
    final SSLSocketFactory tlsSockets;
    final SSLParameters tlsParameters;
    final Limits limits;
    final Shares workers;
    final Shares bodyBytes;
    final Report report;
    private final ServerSocket listener;
    private final CallerTrust trust;
    private final Admission<Conversation> admission = new Admission<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(new DaemonThreads("tinyp2p-connection"));
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, new DaemonThreads("tinyp2p-deadlines"));
    private volatile boolean stopping;

    private Door(ServerSocket listener, SSLContext context, SSLParameters parameters, boolean plainToo, CallerTrust trust,
                 Limits limits, Report report) {
        this.listener = listener;
        this.tlsSockets = context.getSocketFactory();
        this.tlsParameters = parameters;
        this.plain = plainToo ? new Routes() : null;
        this.trust = trust;
        this.limits = limits;
        this.workers = new Shares(limits.workers(), limits.workers() / 2, true);
        this.bodyBytes = new Shares(limits.bodyBudgetBytes(), limits.bodyBudgetBytes() / 2, false);
        this.report = report;
        deadlines.setRemoveOnCancelPolicy(true);
    }

    /**
     * Binds {@code address} (a BindException says why it cannot); nothing is accepted before {@link #start}.
     *
     * @param plainToo also speak plain HTTP, to callers whose first byte is not a TLS record's
     */
    public static Door bind(InetSocketAddress address, int backlog, SSLContext context, SSLParameters parameters,
                            boolean plainToo, CallerTrust trust, Limits limits, Report report) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(address, backlog);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        return new Door(listener, context, parameters, plainToo, trust, limits, report);
    }

    /** What TLS callers may ask for. */
    public Routes tls() {
        return tls;
    }

    /** What plain HTTP callers may ask for, or null if the door speaks TLS only. */
    public Routes plain() {
        return plain;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    public void start() {
        Thread accept = new Thread(this::acceptLoop, "tinyp2p-door");
        accept.setDaemon(true);
        accept.start();
    }

    private void acceptLoop() {
        while (!stopping) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException closed) {
                if (stopping || listener.isClosed()) {
                    return;
                }
                report.debug("accept failed: " + closed.getMessage());
                pause();
                continue;
            }
            try {
                admit(socket);
            } catch (Throwable e) { // out of memory, no thread to be had: this thread must live on, or the door is shut
                report.warn("could not take a connection from " + socket.getInetAddress().getHostAddress() + ": " + e);
                close(socket);
                pause();
            }
        }
    }

    private void admit(Socket socket) {
        InetAddress address = socket.getInetAddress();
        Conversation conversation = new Conversation(this, socket, trust.group(address), trust.trusted(address));
        Admission.Decision<Conversation> decision = admission.admit(conversation);
        if (!decision.admitted()) {
            report.debug("turned a connection from " + address.getHostAddress() + " away: it has as many as it may");
            conversation.end();
            return;
        }
        decision.evicted().ifPresent(Conversation::end);
        try {
            threads.execute(conversation);
        } catch (RejectedExecutionException closing) {
            conversation.end();
        } catch (Throwable noThread) {
            conversation.end(); // gives its place back
            throw noThread;
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed anyway
        }
    }

    /** Out of file descriptors, say: let connections end before accepting more. */
    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    ScheduledFuture<?> schedule(Runnable task, long millis) {
        try {
            return deadlines.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            return null;
        }
    }

    /** Whether {@code address} proved the password lately: asked at each request, as it may have just done so. */
    boolean trusted(InetAddress address) {
        return trust.trusted(address);
    }

    void left(Conversation conversation) {
        admission.left(conversation);
    }

    boolean stopping() {
        return stopping;
    }

    /** Connections open now. */
    public int connections() {
        return admission.count();
    }

    /** Frees the port at once and ends every connection. */
    @Override
    public void close() {
        stopping = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        admission.all().forEach(Conversation::end);
        threads.shutdownNow();
        deadlines.shutdownNow();
    }
}
