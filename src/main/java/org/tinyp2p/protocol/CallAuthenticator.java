package org.tinyp2p.protocol;

import org.tinyp2p.protocol.xmlrpc.PooledBytes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates each call within a session that the password exchange ({@code secure.Pake}) set up between
 * one caller and one server. The first argument of every call is
 * <pre>"v3:" + SESSION + ":" + TIME + ":" + NONCE + ":" + hex(HMAC-SHA256(session key, canonical(SESSION, TIME, NONCE, method, args...)))</pre>
 * where SESSION names the session at the server, TIME is the caller's clock in seconds and NONCE 128 random
 * bits. Every value is tagged with its type and length, so no two calls encode alike. A server looks the
 * session up, checks the HMAC in constant time before anything else, then that TIME is within
 * {@link #WINDOW_SECONDS} of its clock and that it has not seen the NONCE in that time
 * ({@code server.ReplayGuard}). A call is thus accepted only in its session, and only by the server that
 * holds that session.
 */
public final class CallAuthenticator {
    private static final String VERSION = "v3:";
    /** How far a call's time may be from the server's clock. */
    public static final long WINDOW_SECONDS = 300;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a verified token says: when it was made, and its nonce. */
    public record Stamp(long time, String nonce) {
    }

    private final String session;
    /** One keyed Mac per thread: looking one up and keying it costs more than the HMAC of a small call. */
    private final ThreadLocal<Mac> macs;

    /** @param session the session's name, as {@link #isSessionName} accepts it */
    public CallAuthenticator(String session, byte[] key) {
        if (!isSessionName(session)) {
            throw new IllegalArgumentException("not a session name");
        }
        this.session = session;
        SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> keyed(spec));
    }

    /** Session names are 32 lowercase hex digits. */
    public static boolean isSessionName(String name) {
        return name != null && name.length() == 32 && name.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
    }

    /** The session a token claims to belong to, for the server to find its key; empty if it is no token. */
    public static Optional<String> sessionOf(Object token) {
        if (token instanceof String text && text.startsWith(VERSION) && text.length() > VERSION.length() + 33) {
            String name = text.substring(VERSION.length(), VERSION.length() + 32);
            return isSessionName(name) && text.charAt(VERSION.length() + 32) == ':' ? Optional.of(name) : Optional.empty();
        }
        return Optional.empty();
    }

    /** The authentication string for calling {@code method} with {@code args} in this session. */
    public String sign(String method, List<?> args) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return sign(System.currentTimeMillis() / 1000, HexFormat.of().formatHex(nonce), method, args);
    }

    String sign(long time, String nonce, String method, List<?> args) {
        return VERSION + session + ":" + time + ":" + nonce + ":" + HexFormat.of().formatHex(mac(time, nonce, method, args));
    }

    /**
     * The token's stamp if it is exactly what {@link #sign} gives for this call in this session; empty
     * otherwise. Freshness and replay are for the caller to check with the stamp.
     */
    public Optional<Stamp> verify(Object token, String method, List<?> args) {
        if (!(token instanceof String text) || !text.startsWith(VERSION) || text.length() > 160) {
            return Optional.empty();
        }
        String[] parts = text.substring(VERSION.length()).split(":", -1);
        if (parts.length != 4 || !parts[0].equals(session) || !parts[1].matches("[0-9]{1,12}") || !parts[2].matches("[0-9a-f]{32}")
                || parts[3].length() != 64) {
            return Optional.empty();
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(parts[3]);
        } catch (IllegalArgumentException notHex) {
            return Optional.empty();
        }
        long time = Long.parseLong(parts[1]);
        byte[] expected;
        try {
            expected = mac(time, parts[2], method, args);
        } catch (IllegalArgumentException unsupportedValue) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(expected, given) ? Optional.of(new Stamp(time, parts[2])) : Optional.empty();
    }

    private byte[] mac(long time, String nonce, String method, List<?> args) {
        ByteArrayOutputStream canonical = new ByteArrayOutputStream();
        encode(canonical, "tinyp2p-v3");
        encode(canonical, session);
        encode(canonical, Long.toString(time));
        encode(canonical, nonce);
        encode(canonical, method);
        for (Object arg : args) {
            encode(canonical, arg);
        }
        return macs.get().doFinal(canonical.toByteArray());
    }

    private static Mac keyed(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17", e);
        }
    }

    private static void encode(ByteArrayOutputStream out, Object value) {
        if (value instanceof String s) {
            tagged(out, 's', s.getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof Integer i) {
            tagged(out, 'i', Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof Boolean b) {
            tagged(out, 'b', (b ? "1" : "0").getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof Double d) {
            tagged(out, 'd', Double.toString(d).getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof byte[] bytes) {
            tagged(out, 'x', bytes);
        } else if (value instanceof PooledBytes decoded) { // base64 as the server's parser hands it over
            tagged(out, 'x', decoded.toArray());
        } else if (value instanceof Object[] array) {
            tagged(out, 'a', Integer.toString(array.length).getBytes(StandardCharsets.US_ASCII));
            for (Object element : array) {
                encode(out, element);
            }
        } else if (value instanceof List<?> list) {
            encode(out, list.toArray());
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            tagged(out, 'm', Integer.toString(sorted.size()).getBytes(StandardCharsets.US_ASCII));
            sorted.forEach((k, v) -> {
                encode(out, k);
                encode(out, v);
            });
        } else {
            throw new IllegalArgumentException("cannot authenticate a value of this type");
        }
    }

    private static void tagged(ByteArrayOutputStream out, char tag, byte[] bytes) {
        out.write(tag);
        out.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        out.write(':');
        out.writeBytes(bytes);
    }
}
