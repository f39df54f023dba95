package org.tinyp2p.server;

import java.util.Optional;
import org.tinyp2p.files.SharedFolder;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.PeerDialer;

/**
 * What a server needs to run.
 *
 * @param host the address to bind; {@code http://host:port} is the server's URL
 * @param port the port to bind, or 0 for any free one (tests)
 * @param seed a running server of the network to join, or empty to start a new network
 * @param password proven to every caller and every server called, in the password exchange
 * @param legacy whether original TinyP2P peers may call too (--legacy), in plain HTTP on the same port
 * @param pingInterval how often known servers are re-pinged (zero: never)
 */
public record ServerConfig(String host, int port, SharedFolder folder, Optional<PeerUrl> seed,
                           char[] password, boolean legacy, PeerDialer dialer,
                           java.time.Duration pingInterval) {
    public static final java.time.Duration DEFAULT_PING_INTERVAL = java.time.Duration.ofSeconds(30);
}
