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

    public static XmlRpcException internal() {
        return new XmlRpcException(INTERNAL, "internal server error");
    }
}
