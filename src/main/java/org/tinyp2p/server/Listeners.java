package org.tinyp2p.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import javax.net.ssl.SSLParameters;
import org.tinyp2p.Failure;
import org.tinyp2p.Report;
import org.tinyp2p.secure.ServerIdentity;
import org.tinyp2p.secure.Tls;
import org.tinyp2p.server.http.CallerTrust;
import org.tinyp2p.server.http.Door;

/**
 * Where a server listens: its {@link Door} on the server's port, TLS 1.3 only, and with --legacy plain HTTP
 * too for original peers, which only the original protocol's routes answer. Binding failures become one line
 * that says why.
 */
final class Listeners {
    /** Connections waiting to be accepted. */
    static final int BACKLOG = 64;

    private Listeners() {
    }

    static Door bind(String host, int port, boolean legacy, ServerIdentity identity, CallerTrust trust, Report report) throws Failure {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new Failure("Cannot listen on " + host + ":" + port + ": unknown host " + host);
        }
        SSLParameters parameters = identity.context().getDefaultSSLParameters();
        Tls.restrict(parameters);
        try {
            return Door.bind(address, BACKLOG, identity.context(), parameters, legacy, trust, Door.Limits.DEFAULT, report);
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
}
