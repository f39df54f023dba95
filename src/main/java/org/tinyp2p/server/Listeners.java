package org.tinyp2p.server;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLParameters;
import org.tinyp2p.Failure;
import org.tinyp2p.Report;
import org.tinyp2p.secure.ServerIdentity;
import org.tinyp2p.secure.Tls;

/**
 * Where a server listens. Normally the JDK's HTTPS server, TLS 1.3 only, on the server's port. With --legacy
 * a {@link ProtocolSwitch} holds the port and relays TLS to that HTTPS server and plain HTTP (original peers)
 * to a plain server that answers the original protocol only, both on loopback ports of their own.
 */
final class Listeners {
    final HttpsServer tls;
    /** Null unless --legacy. */
    final HttpServer plain;
    private final ProtocolSwitch front;

    private Listeners(HttpsServer tls, HttpServer plain, ProtocolSwitch front) {
        this.tls = tls;
        this.plain = plain;
        this.front = front;
    }

    static Listeners bind(String host, int port, boolean legacy, ServerIdentity identity, Report report) throws Failure {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new Failure("Cannot listen on " + host + ":" + port + ": unknown host " + host);
        }
        try {
            Listeners listeners;
            if (legacy) {
                ProtocolSwitch front = ProtocolSwitch.bind(address, HttpLimits.BACKLOG, report);
                try {
                    listeners = new Listeners(HttpsServer.create(ProtocolSwitch.loopback(), HttpLimits.BACKLOG),
                            HttpServer.create(ProtocolSwitch.loopback(), HttpLimits.BACKLOG), front);
                } catch (IOException | RuntimeException e) {
                    front.close();
                    throw e;
                }
            } else {
                listeners = new Listeners(HttpsServer.create(address, HttpLimits.BACKLOG), null, null);
            }
            listeners.tls.setHttpsConfigurator(new HttpsConfigurator(identity.context()) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                    Tls.restrict(parameters);
                    params.setSSLParameters(parameters);
                }
            });
            return listeners;
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

    /** The port others reach the server on. */
    int port() {
        return front != null ? front.port() : tls.getAddress().getPort();
    }

    /** The real caller of a connection the servers see from an address. */
    UnaryOperator<InetSocketAddress> callers() {
        return front != null ? front::caller : seen -> seen;
    }

    void start(Executor workers) {
        tls.setExecutor(workers);
        tls.start();
        if (plain != null) {
            plain.setExecutor(workers);
            plain.start();
            front.start(tls.getAddress(), plain.getAddress());
        }
    }

    /** Frees the port at once. */
    void stop() {
        if (front != null) {
            front.close();
        }
        tls.stop(0);
        if (plain != null) {
            plain.stop(0);
        }
    }
}
