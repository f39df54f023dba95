package org.tinyp2p.protocol;

import org.apache.xmlrpc.XmlRpcException;

/**
 * The faults a server sends. Each says what went wrong for the caller and nothing else: no paths, no class
 * names, no exception text. Clients recognise them by code.
 */
public final class Faults {
    public static final int PASSWORD_REFUSED = 401;
    public static final int NO_SUCH_FILE = 404;
    public static final int BAD_REQUEST = 400;
    public static final int TOO_LARGE = 413;
    public static final int INTERNAL = 500;
    public static final int CLOCK_SKEW = 408;
    public static final int REPLAYED = 409;
    public static final int BUSY = 503;
    /** The session a call names is not (or no longer) known here: the caller proves the password again. */
    public static final int SESSION_UNKNOWN = 419;

    /** Every code above: faults with another code do not come from a tinyp2p server. */
    public static boolean isOurs(int code) {
        return code == PASSWORD_REFUSED || code == NO_SUCH_FILE || code == BAD_REQUEST || code == TOO_LARGE
                || code == INTERNAL || code == CLOCK_SKEW || code == REPLAYED || code == BUSY || code == SESSION_UNKNOWN;
    }

    private Faults() {
    }

    public static XmlRpcException passwordRefused() {
        return new XmlRpcException(PASSWORD_REFUSED, "password refused");
    }

    public static XmlRpcException noSuchFile() {
        return new XmlRpcException(NO_SUCH_FILE, "no such file");
    }

    public static XmlRpcException badRequest(String what) {
        return new XmlRpcException(BAD_REQUEST, "bad request: " + what);
    }

    public static XmlRpcException tooLarge(String what) {
        return new XmlRpcException(TOO_LARGE, what);
    }

    /** The message carries the server's time, so the caller can say by how much the clocks differ. */
    public static XmlRpcException clockSkew(long serverTime, long skew) {
        return new XmlRpcException(CLOCK_SKEW, "clock skew: request time is " + skew + " s from this server's clock (" + serverTime + ")");
    }

    public static XmlRpcException replayed() {
        return new XmlRpcException(REPLAYED, "replayed request refused");
    }

    public static XmlRpcException sessionUnknown() {
        return new XmlRpcException(SESSION_UNKNOWN, "session unknown: prove the password again");
    }

    public static XmlRpcException busy() {
        return new XmlRpcException(BUSY, "server busy, try again");
    }

    public static XmlRpcException internal() {
        return new XmlRpcException(INTERNAL, "internal server error");
    }
}
