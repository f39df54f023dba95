package org.tinyp2p.protocol;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClientException;
import org.apache.xmlrpc.client.XmlRpcHttpTransportException;
import org.tinyp2p.files.FileNames;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.secure.PeerTrust;

/**
 * How a peer's failure reads: the one place where what went wrong on a call (an exception, an XML-RPC fault, an
 * HTTP status of the raw path) becomes the {@link PeerException} and the one line the user sees.
 */
public final class PeerFailures {
    private PeerFailures() {
    }

    /** The connection failed, or the certificate it showed is not the one the peer proved the password over. */
    public static PeerException unreachable(PeerUrl url, IOException io) {
        return unreachable(url, io, io);
    }

    private static PeerException unreachable(PeerUrl url, IOException io, Throwable cause) {
        if (certificateChanged(cause)) {
            return certificateChanged(url, cause);
        }
        return new PeerException(url, PeerException.Kind.UNREACHABLE, 0, url + " is unreachable: " + describe(io), cause);
    }

    public static PeerException passwordRefused(PeerUrl url) {
        return passwordRefused(url, null);
    }

    private static PeerException passwordRefused(PeerUrl url, Throwable cause) {
        return new PeerException(url, PeerException.Kind.PASSWORD_REFUSED, Faults.PASSWORD_REFUSED, url + " refused the password", cause);
    }

    public static PeerException sessionUnknown(PeerUrl url) {
        return sessionUnknown(url, null);
    }

    private static PeerException sessionUnknown(PeerUrl url, Throwable cause) {
        return new PeerException(url, PeerException.Kind.FAULT, Faults.SESSION_UNKNOWN, url + " no longer knows our session", cause);
    }

    public static PeerException noSuchFile(PeerUrl url, String name) {
        return new PeerException(url, PeerException.Kind.FAULT, Faults.NO_SUCH_FILE, url + " no longer has " + name, null);
    }

    /** A peer that fails the password exchange, for the reason given. */
    public static PeerException notMember(PeerUrl url, String why, Throwable cause) {
        return new PeerException(url, PeerException.Kind.PASSWORD_REFUSED, 0, url + " is not a member of this network: " + why, cause);
    }

    /** The server's fault carries its clock; say by how much ours differs, which is what the user must fix. */
    public static PeerException clockSkew(PeerUrl url, String fault) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\d+)\\)").matcher(String.valueOf(fault));
        String by = m.find() ? " by " + Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(m.group(1))) + " s" : "";
        return new PeerException(url, PeerException.Kind.FAULT, Faults.CLOCK_SKEW,
                url + " refused the request because its clock and ours differ" + by + " (more than "
                        + CallAuthenticator.WINDOW_SECONDS + " s); set both clocks right", null);
    }

    /** An XML-RPC call's failure: transport, connection, answer or fault. */
    public static PeerException of(PeerUrl url, XmlRpcException e) {
        if (e instanceof XmlRpcHttpTransportException http) {
            return new PeerException(url, PeerException.Kind.BAD_ANSWER, 0,
                    url + " is not a tinyp2p server (it answered HTTP " + http.getStatusCode() + ")", e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return unreachable(url, io, e);
            }
        }
        if (certificateChanged(e)) {
            return certificateChanged(url, e);
        }
        if (e instanceof XmlRpcClientException) {
            return new PeerException(url, PeerException.Kind.BAD_ANSWER, 0, url + " sent an answer that is not valid XML-RPC", e);
        }
        if (e.code == Faults.PASSWORD_REFUSED) {
            return passwordRefused(url, e);
        }
        if (e.code == Faults.SESSION_UNKNOWN) {
            return sessionUnknown(url, e);
        }
        if (e.code == Faults.CLOCK_SKEW) {
            return clockSkew(url, e.getMessage());
        }
        return new PeerException(url, PeerException.Kind.FAULT, e.code,
                url + " answered with an error: " + FileNames.quote(e.getMessage()), e);
    }

    /** A peer that faults on ping may be an original TinyP2P server, which it takes --legacy-peer to talk to. */
    public static PeerException withLegacyHint(PeerException e) {
        if (e.kind() != PeerException.Kind.FAULT || e.faultCode() == 429 || e.faultCode() == Protocol.HELD_BACK || e.peer() == null) {
            return e;
        }
        return new PeerException(e.peer(), e.kind(), e.faultCode(),
                e.getMessage() + " (if it runs the original TinyP2P, --legacy-peer speaks to it, but sends it a token that lets anyone who records it guess the password offline: only for a peer you trust)", e);
    }

    /** Whether the certificate a peer showed is not the one it proved the password over. */
    static boolean certificateChanged(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PeerTrust.CertificateChanged) {
                return true;
            }
        }
        return false;
    }

    private static PeerException certificateChanged(PeerUrl url, Throwable cause) {
        return new PeerException(url, PeerException.Kind.PASSWORD_REFUSED, 0, url
                + " showed another certificate than the one it proved the password over (it restarted, or someone is in the middle)", cause);
    }

    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof SocketTimeoutException) {
            return "timed out";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : FileNames.quote(e.getMessage());
    }
}
