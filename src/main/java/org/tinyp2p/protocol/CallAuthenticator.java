package org.tinyp2p.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates each call: its first argument is {@code "v1:" + hex(HMAC-SHA256(key, canonical call))}, where
 * the canonical call is the method name and every other argument, each tagged with its type and length so
 * that no two different calls encode alike. The server recomputes it and compares in constant time, before
 * it does anything else. It does not depend on the server's URL, so {@code localhost} and
 * {@code 127.0.0.1} both work.
 */
public final class CallAuthenticator {
    private static final String VERSION = "v1:";

    private final SecretKeySpec key;

    public CallAuthenticator(NetworkKey key) {
        this.key = new SecretKeySpec(key.bytes(), "HmacSHA256");
    }

    /** The authentication string for calling {@code method} with {@code args} (the arguments after it). */
    public String sign(String method, List<?> args) {
        return VERSION + HexFormat.of().formatHex(mac(method, args));
    }

    /** True only if {@code token} is exactly what {@link #sign} gives for this call. */
    public boolean verify(Object token, String method, List<?> args) {
        if (!(token instanceof String text) || !text.startsWith(VERSION) || text.length() != VERSION.length() + 64) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(text, VERSION.length(), text.length());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        byte[] expected;
        try {
            expected = mac(method, args);
        } catch (IllegalArgumentException unsupportedValue) {
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }

    private byte[] mac(String method, List<?> args) {
        ByteArrayOutputStream canonical = new ByteArrayOutputStream();
        encode(canonical, method);
        for (Object arg : args) {
            encode(canonical, arg);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(canonical.toByteArray());
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
