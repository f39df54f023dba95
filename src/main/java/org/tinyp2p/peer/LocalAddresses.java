package org.tinyp2p.peer;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Addresses that only reach this machine or its link: loopback, link-local, the any-address and multicast. A
 * server never calls such an address that it learned from others unless it is on one itself (a network on one
 * machine, as tests run): otherwise any member could make every server send requests to services listening
 * only on loopback.
 */
public final class LocalAddresses {
    private LocalAddresses() {
    }

    /** Whether the peer's host is such an address (names are looked up; one that does not resolve is not). */
    public static boolean isLocalOnly(PeerUrl peer) {
        String host = peer.host().startsWith("[") ? peer.host().substring(1, peer.host().length() - 1) : peer.host();
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()
                        || address.isMulticastAddress()) {
                    return true;
                }
            }
            return false;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
