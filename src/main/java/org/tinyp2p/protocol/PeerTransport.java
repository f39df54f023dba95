package org.tinyp2p.protocol;


import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.URLConnection;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcSunHttpTransport;

/**
 * The HTTP side of one call to a peer, on the JDK's HttpURLConnection (TLS 1.3 to our peers): no proxy (peers are on the LAN), no
 * redirects, bounded connect and read timeouts, a deadline on the whole call, and a cap on the answer's
 * size. The connection is returned to the JDK's keep-alive pool instead of being torn down after each call.
 */
final class PeerTransport extends XmlRpcSunHttpTransport {

    private final Timeouts timeouts;
    /** The limits of the call under way ({@link #limitsFor}). */
    private volatile Timeouts current;
    private volatile boolean expired;
    private InputStream body;

    private final SSLSocketFactory tls;

    /** @param tls for our peers' {@code https} endpoints: only the certificate each proved the password over */
    PeerTransport(XmlRpcClient client, Timeouts timeouts, SSLSocketFactory tls) {
        super(client);
        this.timeouts = timeouts;
        this.current = timeouts;
        this.tls = tls;
    }

    /** Pings and listings ask; fetches move bytes (the original protocol's {@code f} says which by its number). */
    Timeouts limitsFor(XmlRpcRequest request) {
        String method = request.getMethodName();
        Object what = Protocol.LEGACY.equals(method) && request.getParameterCount() > 1 ? request.getParameter(1) : null;
        if (Protocol.PING.equals(method) || Integer.valueOf(0).equals(what)) {
            return timeouts.asking();
        }
        if (Protocol.LIST.equals(method) || Integer.valueOf(1).equals(what)) {
            return timeouts.listing();
        }
        return timeouts;
    }

    @Override
    protected URLConnection newURLConnection(URL url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
        if (connection instanceof HttpsURLConnection secure) {
            secure.setSSLSocketFactory(tls);
            secure.setHostnameVerifier((host, session) -> true); // the pin, checked in the handshake, replaces names
        }
        connection.setConnectTimeout((int) current.connect().toMillis());
        connection.setReadTimeout((int) current.read().toMillis());
        connection.setInstanceFollowRedirects(false);
        return connection;
    }

    @Override
    public Object sendRequest(XmlRpcRequest request) throws XmlRpcException {
        Timeouts limits = limitsFor(request);
        current = limits;
        try (CallDeadline deadline = CallDeadline.after(limits.call(), this::expire)) {
            return super.sendRequest(request);
        } catch (XmlRpcException e) {
            if (expired) {
                throw new XmlRpcException("call took longer than " + limits.call().toSeconds() + " s",
                        new SocketTimeoutException("deadline"));
            }
            throw e;
        }
    }

    private void expire() {
        expired = true;
        if (getURLConnection() instanceof HttpURLConnection connection) {
            connection.disconnect(); // unblocks the reading thread
        }
    }

    @Override
    protected InputStream getInputStream() throws XmlRpcException {
        body = new CappedStream(super.getInputStream(), Protocol.MAX_RESPONSE_BYTES);
        return body;
    }

    @Override
    protected void close() {
        // Reading to the end and closing (rather than disconnecting) lets the connection be reused.
        if (body != null) {
            try (InputStream in = body) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the connection is simply not reused
            }
        }
    }

    /** Refuses to read more than {@code limit} bytes: a hostile peer cannot make us parse without end. */
    private static final class CappedStream extends FilterInputStream {
        private long left;

        CappedStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                if (super.read() < 0) {
                    return -1;
                }
                throw new IOException("answer larger than " + Protocol.MAX_RESPONSE_BYTES + " bytes");
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
