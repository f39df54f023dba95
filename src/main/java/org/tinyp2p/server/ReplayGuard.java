package org.tinyp2p.server;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.xmlrpc.XmlRpcException;
import org.tinyp2p.protocol.CallAuthenticator;
import org.tinyp2p.protocol.Faults;

/**
 * The server's half of replay protection, after the HMAC has been checked: the call must be addressed to
 * this server (its Host header names one of this machine's addresses and our port), made within
 * {@link CallAuthenticator#WINDOW_SECONDS} of our clock, and carry a nonce not seen in that time. Nonces
 * are remembered only as long as their call could still be accepted, and at most {@link #MAX_NONCES} at once.
 */
final class ReplayGuard {
    static final int MAX_NONCES = 500_000;

    private final String configuredHost;
    private final int port;
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final Map<String, Boolean> localHosts = new ConcurrentHashMap<>();
    private final AtomicLong nextPurge = new AtomicLong();

    ReplayGuard(String configuredHost, int port) {
        this.configuredHost = configuredHost.toLowerCase(Locale.ROOT);
        this.port = port;
    }

    /**
     * The whole check of a call's authentication: the HMAC for the audience the caller addressed (its Host
     * header), that this audience is us, then freshness and replay.
     *
     * @throws XmlRpcException the fault to answer: password refused, clock skew, replayed, or busy
     */
    void admit(CallAuthenticator authenticator, Object token, String hostHeader, String method, java.util.List<?> args)
            throws XmlRpcException {
        String audience = audience(hostHeader);
        java.util.Optional<CallAuthenticator.Stamp> stamp = authenticator.verify(token, audience, method, args);
        if (stamp.isEmpty() || !isUs(audience)) {
            throw Faults.passwordRefused();
        }
        check(stamp.get());
    }

    /** The audience a request was made for: its Host header, with the default port made explicit. */
    static String audience(String hostHeader) {
        if (hostHeader == null) {
            return null;
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
        return hasPort ? host : host + ":80";
    }

    /** Whether {@code audience} (host:port) is this server. */
    boolean isUs(String audience) {
        int colon = audience.lastIndexOf(':');
        if (colon < 0 || !audience.substring(colon + 1).equals(Integer.toString(port))) {
            return false;
        }
        String host = audience.substring(0, colon);
        return host.equals(configuredHost) || localHosts.computeIfAbsent(host, ReplayGuard::isLocal);
    }

    private static boolean isLocal(String host) {
        if (host.length() > 255) { // longer than any DNS name: not worth a lookup
            return false;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host.replace("[", "").replace("]", ""))) {
                if (address.isLoopbackAddress() || address.isAnyLocalAddress() || NetworkInterface.getByInetAddress(address) != null) {
                    return true;
                }
            }
        } catch (java.net.UnknownHostException | SocketException e) {
            return false;
        }
        return false;
    }

    /** @throws XmlRpcException the fault to answer if the call is stale, replayed, or more than we can remember */
    void check(CallAuthenticator.Stamp stamp) throws XmlRpcException {
        long now = System.currentTimeMillis() / 1000;
        long skew = stamp.time() - now;
        if (Math.abs(skew) > CallAuthenticator.WINDOW_SECONDS) {
            throw Faults.clockSkew(now, skew);
        }
        purgeNow(now);
        if (seen.size() >= MAX_NONCES) {
            throw Faults.busy();
        }
        if (seen.putIfAbsent(stamp.nonce(), stamp.time() + CallAuthenticator.WINDOW_SECONDS) != null) {
            throw Faults.replayed();
        }
    }

    private void purgeNow(long now) {
        long due = nextPurge.get();
        if (now < due || !nextPurge.compareAndSet(due, now + 10)) {
            return;
        }
        for (Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() < now) {
                it.remove();
            }
        }
        if (localHosts.size() > 1000) {
            localHosts.clear();
        }
    }
}
