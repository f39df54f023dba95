package org.tinyp2p.protocol;

import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.apache.xmlrpc.client.XmlRpcTransportFactory;
import org.tinyp2p.peer.PeerUrl;

/**
 * Makes {@link RemotePeer}s: everything a process needs to call other peers (the network key, the legacy
 * token when --legacy is on, the timeouts), set up once.
 */
public final class PeerDialer {
    private final CallAuthenticator authenticator;
    private final LegacyToken legacyToken;
    private final Timeouts timeouts;
    private final RawDownload rawDownload;

    /**
     * @param legacyToken the original protocol's token, or null to never speak it
     */
    public PeerDialer(CallAuthenticator authenticator, LegacyToken legacyToken, Timeouts timeouts) {
        JvmHardening.install();
        this.authenticator = authenticator;
        this.legacyToken = legacyToken;
        this.timeouts = timeouts;
        this.rawDownload = new RawDownload(timeouts);
    }

    public RemotePeer peer(PeerUrl url) {
        return new RemotePeer(url, newClient(url), authenticator, legacyToken, rawDownload);
    }

    public boolean speaksLegacy() {
        return legacyToken != null;
    }

    private XmlRpcClient newClient(PeerUrl url) {
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        config.setServerURL(url.endpoint());
        config.setEncoding("UTF-8");
        config.setEnabledForExtensions(false); // i8, nil and serialized Java objects stay off
        config.setEnabledForExceptions(false);
        config.setConnectionTimeout((int) timeouts.connect().toMillis());
        config.setReplyTimeout((int) timeouts.read().toMillis());
        XmlRpcClient client = new XmlRpcClient();
        client.setConfig(config);
        client.setXmlWriterFactory(new Utf8XmlWriterFactory());
        client.setTypeFactory(new FastTypeFactory(client, true));
        client.setTransportFactory((XmlRpcTransportFactory) () -> new PeerTransport(client, timeouts));
        return client;
    }
}
