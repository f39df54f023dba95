package org.tinyp2p.protocol;

import org.tinyp2p.protocol.xmlrpc.JvmHardening;
import org.tinyp2p.protocol.xmlrpc.Utf8XmlWriterFactory;
import org.tinyp2p.protocol.xmlrpc.FastTypeFactory;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.apache.xmlrpc.client.XmlRpcTransportFactory;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;
import org.tinyp2p.peer.PeerUrl;

/**
 * Makes {@link RemotePeer}s: everything a process needs to call other peers (its sessions with them, the
 * original protocol's token for the original peers the user named, the timeouts), set up once.
 */
public final class PeerDialer {
    private final Membership membership;
    private final LegacyToken legacyToken;
    private final Set<PeerUrl> legacyPeers;
    private final Timeouts timeouts;
    private final RawDownload rawDownload;

    /**
     * @param legacyPeers original TinyP2P peers the user named: the only ones spoken to in plain HTTP, and the
     *        only ones that ever receive the original protocol's token
     */
    public PeerDialer(char[] password, Set<PeerUrl> legacyPeers, Timeouts timeouts) {
        JvmHardening.install();
        this.membership = new Membership(password, timeouts);
        this.legacyPeers = Set.copyOf(legacyPeers);
        this.legacyToken = legacyPeers.isEmpty() ? null : new LegacyToken(new String(password));
        this.timeouts = timeouts;
        this.rawDownload = new RawDownload(timeouts, membership.trust().forCalls());
        // Every HttpsURLConnection of ours gets this factory; made the default too, so that the first one does not
        // build the JDK's default TLS context, which reads the system's CA certificates (80 ms of a client's start)
        // only for them to be replaced.
        javax.net.ssl.HttpsURLConnection.setDefaultSSLSocketFactory(membership.trust().forCalls());
    }

    public RemotePeer peer(PeerUrl url) {
        boolean legacy = legacyPeers.contains(url);
        return new RemotePeer(url, newClient(url, legacy), membership, legacy ? legacyToken : null, rawDownload);
    }

    public Set<PeerUrl> legacyPeers() {
        return legacyPeers;
    }

    public boolean isLegacy(PeerUrl url) {
        return legacyPeers.contains(url);
    }

    private XmlRpcClient newClient(PeerUrl url, boolean legacy) {
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        config.setServerURL(legacy ? url.endpoint() : url.secureEndpoint());
        config.setEncoding("UTF-8");
        config.setEnabledForExtensions(false); // i8, nil and serialized Java objects stay off
        config.setEnabledForExceptions(false);
        config.setConnectionTimeout((int) timeouts.connect().toMillis());
        config.setReplyTimeout((int) timeouts.read().toMillis());
        XmlRpcClient client = new XmlRpcClient();
        client.setConfig(config);
        client.setXmlWriterFactory(new Utf8XmlWriterFactory());
        client.setTypeFactory(new FastTypeFactory(client, true));
        SSLSocketFactory tls = membership.trust().forCalls();
        client.setTransportFactory((XmlRpcTransportFactory) () -> new PeerTransport(client, timeouts, tls));
        return client;
    }
}
