package org.tinyp2p.secure;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** Makes every socket of a factory speak TLS 1.3 with our cipher suites only ({@link Tls#restrict}), whoever opens it. */
final class RestrictedSockets extends SSLSocketFactory {
    private final SSLSocketFactory sockets;

    RestrictedSockets(SSLSocketFactory sockets) {
        this.sockets = sockets;
    }

    private static Socket restricted(Socket socket) {
        if (socket instanceof SSLSocket ssl) {
            SSLParameters parameters = ssl.getSSLParameters();
            Tls.restrict(parameters);
            ssl.setSSLParameters(parameters);
        }
        return socket;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return Tls.CIPHER_SUITES.clone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return Tls.CIPHER_SUITES.clone();
    }

    @Override
    public Socket createSocket() throws IOException {
        return restricted(sockets.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return restricted(sockets.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
        return restricted(sockets.createSocket(s, consumed, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return restricted(sockets.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return restricted(sockets.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return restricted(sockets.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return restricted(sockets.createSocket(address, port, localAddress, localPort));
    }
}
