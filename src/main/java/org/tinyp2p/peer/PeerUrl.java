package org.tinyp2p.peer;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address of a server of the network: exactly {@code http://host:port}, nothing more. Peer URLs arrive
 * from other peers, so anything else (a path, credentials, another scheme, a query) is refused rather than
 * repaired. The host is kept as written but lower-cased, so that equal addresses compare equal.
 */
public final class PeerUrl implements Comparable<PeerUrl> {
    // host: a DNS name or IPv4 address, or an IPv6 literal in brackets; port: 1-5 digits.
    private static final Pattern FORM = Pattern.compile(
            "http://([A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]{2,45}\\]):([0-9]{1,5})");

    private final String host;
    private final int port;
    private final String text;

    private PeerUrl(String host, int port) {
        this.host = host;
        this.port = port;
        this.text = "http://" + host + ":" + port;
    }

    /** The URL if {@code candidate} is exactly of the form {@code http://host:port}; empty otherwise. */
    public static Optional<PeerUrl> parse(String candidate) {
        if (candidate == null || candidate.length() > 300) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(candidate);
        if (!m.matches()) {
            return Optional.empty();
        }
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            return Optional.empty();
        }
        return Optional.of(new PeerUrl(m.group(1).toLowerCase(Locale.ROOT), port));
    }

    /**
     * For a URL typed by the user: one trailing slash is forgiven, and {@code https://} names the same peer as
     * {@code http://} (our peers always speak TLS; the scheme is the original's address form).
     */
    public static Optional<PeerUrl> parseTyped(String typed) {
        if (typed != null && typed.regionMatches(true, 0, "https://", 0, 8)) {
            typed = "http://" + typed.substring(8);
        }
        if (typed != null && typed.endsWith("/")) {
            typed = typed.substring(0, typed.length() - 1);
        }
        return parse(typed);
    }

    public static PeerUrl of(String host, int port) {
        return parse("http://" + host + ":" + port)
                .orElseThrow(() -> new IllegalArgumentException("not a valid host and port: " + host + ":" + port));
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** {@code host:port}, as TLS sessions name the peer. */
    public String hostPort() {
        return host + ":" + port;
    }

    /** The URL of the XML-RPC endpoint over TLS, as our peers serve it. */
    public URL secureEndpoint() {
        return url("https://" + host + ":" + port + "/");
    }

    /** The URL of an original TinyP2P peer's endpoint, in plain HTTP (it knows nothing else). */
    public URL endpoint() {
        return url(text + "/");
    }

    private URL url(String spec) {
        try {
            return new URL(spec);
        } catch (MalformedURLException e) {
            throw new IllegalStateException("checked form did not make a URL: " + spec, e);
        }
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerUrl other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public int compareTo(PeerUrl o) {
        return text.compareTo(o.text);
    }
}
