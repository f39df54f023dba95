package org.tinyp2p.server.http;

import java.net.InetAddress;

/** What the door learns from the password check: how callers are grouped, and which proved the password lately. */
public interface CallerTrust {
    /** The group an address's connections are counted in (an IPv6 address's /64: one machine often holds it all). */
    InetAddress group(InetAddress address);

    /** Whether the address proved the password lately, so that it gets room strangers cannot take. */
    boolean trusted(InetAddress address);
}
