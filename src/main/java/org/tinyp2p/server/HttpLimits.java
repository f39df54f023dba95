package org.tinyp2p.server;

/**
 * Limits of the JDK's HTTP server. It reads them from system properties once, when its first instance is
 * made, so they are set here before that; a value given on the command line (-D) wins.
 */
final class HttpLimits {
    /**
     * Worker threads: a bounded number, so a flood of requests queues instead of exhausting the machine.
     * Idle connections hold none (the JDK's dispatcher waits for their first bytes); a connection that
     * trickles its request holds one for at most maxReqTime.
     */
    static final int THREADS = 32;
    /** Connections waiting to be accepted. */
    static final int BACKLOG = 64;

    private HttpLimits() {
    }

    static void apply() {
        setDefault("sun.net.httpserver.maxReqTime", "10");      // seconds to send a whole request (they are small)
        setDefault("sun.net.httpserver.maxRspTime", "3600");    // seconds to take a whole response (a raw download)
        setDefault("sun.net.httpserver.idleInterval", "30");    // seconds an idle kept-alive connection lives
        setDefault("sun.net.httpserver.maxIdleConnections", "64");
        setDefault("sun.net.httpserver.maxReqHeaders", "64");
        setDefault("sun.net.httpserver.nodelay", "true");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
