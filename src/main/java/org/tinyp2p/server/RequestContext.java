package org.tinyp2p.server;

import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;

/** The configuration of one request, plus what handlers need to know of its HTTP envelope. */
final class RequestContext extends XmlRpcHttpRequestConfigImpl {
    private final String hostHeader;
    private final String caller;

    RequestContext(String hostHeader, String caller) {
        this.hostHeader = hostHeader;
        this.caller = caller;
        setEncoding("UTF-8");
        setEnabledForExtensions(false);
        setEnabledForExceptions(false);
    }

    /** The Host header the caller sent (the address it believes it called), or null. */
    String hostHeader() {
        return hostHeader;
    }

    /** The caller's address, for the log. */
    String caller() {
        return caller;
    }
}
