package org.tinyp2p.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The original TinyP2P's token: lowercase hex HMAC-MD5, keyed by the password, of the server's URL. It is
 * the same for every call to a server, forever, so anyone who sees one call can replay it; that is why it is
 * only spoken with --legacy.
 */
public final class LegacyToken {
    private final SecretKeySpec key;

    public LegacyToken(String password) {
        this.key = new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacMD5");
    }

    public String forUrl(String url) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(url.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 is part of every Java 17", e);
        }
    }

    /** Constant-time check of a token sent to the server known as {@code url}. */
    public boolean matches(Object token, String url) {
        return token instanceof String s
                && MessageDigest.isEqual(forUrl(url).getBytes(StandardCharsets.US_ASCII), s.getBytes(StandardCharsets.UTF_8));
    }
}
