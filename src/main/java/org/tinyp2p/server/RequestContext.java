package org.tinyp2p.server;

import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;

/** The configuration of one request, plus what handlers need to know of its HTTP envelope. */
final class RequestContext extends XmlRpcHttpRequestConfigImpl {
    private final String hostHeader;

    RequestContext(String hostHeader) {
        this.hostHeader = hostHeader;
        setEncoding("UTF-8");
        setEnabledForExtensions(false);
        setEnabledForExceptions(false);
    }

    /** The Host header the caller sent (the address it believes it called), or null. */
    String hostHeader() {
        return hostHeader;
    }
}
