package org.tinyp2p.protocol;

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
 * Authenticates each call so that it cannot be replayed. The first argument of every call is
 * <pre>"v2:" + TIME + ":" + NONCE + ":" + hex(HMAC-SHA256(key, canonical(AUDIENCE, TIME, NONCE, method, args...)))</pre>
 * where TIME is the caller's clock in seconds, NONCE 128 random bits, and AUDIENCE the {@code host:port} the
 * caller addressed (the HTTP Host header). Every value is tagged with its type and length, so no two calls
 * encode alike. A server checks the HMAC in constant time before anything else, then that the audience is
 * itself, that TIME is within {@link #WINDOW_SECONDS} of its clock, and that it has not seen the NONCE in that
 * time ({@code server.ReplayGuard}): a captured request is refused if sent again, to the same server or to
 * another. It does not depend on the name the server gives itself, so {@code localhost} and
 * {@code 127.0.0.1} both work.
 */
public final class CallAuthenticator {
    private static final String VERSION = "v2:";
    /** How far a call's time may be from the server's clock. */
    public static final long WINDOW_SECONDS = 300;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a verified token says: when it was made, and its nonce. */
    public record Stamp(long time, String nonce) {
    }

    /** One keyed Mac per thread: looking one up and keying it costs more than the HMAC of a small call. */
    private final ThreadLocal<Mac> macs;

    public CallAuthenticator(NetworkKey key) {
        SecretKeySpec spec = new SecretKeySpec(key.bytes(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> keyed(spec));
    }

    /** The authentication string for calling {@code method} with {@code args} on the server at {@code audience}. */
    public String sign(String audience, String method, List<?> args) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return sign(audience, System.currentTimeMillis() / 1000, HexFormat.of().formatHex(nonce), method, args);
    }

    String sign(String audience, long time, String nonce, String method, List<?> args) {
        return VERSION + time + ":" + nonce + ":" + HexFormat.of().formatHex(mac(audience, time, nonce, method, args));
    }

    /**
     * The token's stamp if it is exactly what {@link #sign} gives for this call to {@code audience}; empty
     * otherwise. Freshness and replay are for the caller to check with the stamp.
     */
    public Optional<Stamp> verify(Object token, String audience, String method, List<?> args) {
        if (!(token instanceof String text) || !text.startsWith(VERSION) || text.length() > 128 || audience == null) {
            return Optional.empty();
        }
        String[] parts = text.substring(VERSION.length()).split(":", -1);
        if (parts.length != 3 || !parts[0].matches("[0-9]{1,12}") || !parts[1].matches("[0-9a-f]{32}") || parts[2].length() != 64) {
            return Optional.empty();
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(parts[2]);
        } catch (IllegalArgumentException notHex) {
            return Optional.empty();
        }
        long time = Long.parseLong(parts[0]);
        byte[] expected;
        try {
            expected = mac(audience, time, parts[1], method, args);
        } catch (IllegalArgumentException unsupportedValue) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(expected, given) ? Optional.of(new Stamp(time, parts[1])) : Optional.empty();
    }

    private byte[] mac(String audience, long time, String nonce, String method, List<?> args) {
        ByteArrayOutputStream canonical = new ByteArrayOutputStream();
        encode(canonical, "tinyp2p-v2");
        encode(canonical, audience.toLowerCase(java.util.Locale.ROOT));
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
