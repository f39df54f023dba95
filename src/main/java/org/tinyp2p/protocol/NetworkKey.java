package org.tinyp2p.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The secret every server and client of one network shares, derived from the password. The password itself
 * never leaves the process; the key is derived once per process with PBKDF2-HMAC-SHA256, a deliberately slow
 * function, so a captured exchange does not allow fast offline guessing of the password.
 */
public final class NetworkKey {
    /** Same on every peer, so every peer derives the same key; it separates our keys from other uses. */
    static final byte[] SALT = "tinyp2p network key v1".getBytes(StandardCharsets.UTF_8);
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256: about half a second once per process here. */
    static final int ITERATIONS = 600_000;

    private final byte[] key;

    private NetworkKey(byte[] key) {
        this.key = key;
    }

    public static NetworkKey derive(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the password must not be empty");
        }
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, SALT, ITERATIONS, 256);
        try {
            return new NetworkKey(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    byte[] bytes() {
        return key.clone();
    }
}
