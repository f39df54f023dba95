package org.tinyp2p.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CallAuthenticatorTest {
    static final String SESSION = "0123456789abcdef0123456789abcdef";
    static final CallAuthenticator NETWORK = new CallAuthenticator(SESSION, new byte[] {1, 2, 3, 4});
    static final CallAuthenticator OTHER_KEY = new CallAuthenticator(SESSION, new byte[] {1, 2, 3, 5});
    static final CallAuthenticator OTHER_SESSION = new CallAuthenticator("f".repeat(32), new byte[] {1, 2, 3, 4});

    @Test
    void aSignedCallVerifiesAndCarriesItsStampAndSession() {
        String token = NETWORK.sign("fetch", List.of("a.txt", "0"));
        CallAuthenticator.Stamp stamp = NETWORK.verify(token, "fetch", List.of("a.txt", "0")).orElseThrow();
        assertTrue(Math.abs(stamp.time() - System.currentTimeMillis() / 1000) <= 1);
        assertEquals(32, stamp.nonce().length());
        assertEquals(SESSION, CallAuthenticator.sessionOf(token).orElseThrow());
        assertNotEquals(token, NETWORK.sign("fetch", List.of("a.txt", "0")), "every call gets a fresh nonce");
    }

    @Test
    void theTokenCoversSessionMethodAndEveryArgument() {
        String token = NETWORK.sign("fetch", List.of("a.txt", "0"));
        assertFalse(OTHER_SESSION.verify(token, "fetch", List.of("a.txt", "0")).isPresent(), "another session");
        assertFalse(NETWORK.verify(token.replace(SESSION, "f".repeat(32)), "fetch", List.of("a.txt", "0")).isPresent());
        assertFalse(NETWORK.verify(token, "list", List.of("a.txt", "0")).isPresent());
        assertFalse(NETWORK.verify(token, "fetch", List.of("b.txt", "0")).isPresent());
        assertFalse(NETWORK.verify(token, "fetch", List.of("a.txt", "1")).isPresent());
        assertFalse(NETWORK.verify(token, "fetch", List.of("a.txt0")).isPresent(), "argument boundaries are part of it");
        assertFalse(NETWORK.verify(token, "fetch", List.of("a.txt", "0", "extra")).isPresent());
    }

    @Test
    void timeAndNonceCannotBeChangedWithoutTheKey() {
        String token = NETWORK.sign(1000, "0".repeat(32), "list", List.of(""));
        String[] parts = token.split(":");
        String laterTime = parts[0] + ":" + parts[1] + ":" + 2000 + ":" + parts[3] + ":" + parts[4];
        String otherNonce = parts[0] + ":" + parts[1] + ":" + parts[2] + ":" + "1".repeat(32) + ":" + parts[4];
        assertTrue(NETWORK.verify(token, "list", List.of("")).isPresent());
        assertFalse(NETWORK.verify(laterTime, "list", List.of("")).isPresent());
        assertFalse(NETWORK.verify(otherNonce, "list", List.of("")).isPresent());
    }

    @Test
    void anotherKeyDoesNotVerify() {
        assertFalse(OTHER_KEY.verify(NETWORK.sign("ping", List.of(new Object[0])), "ping", List.of(new Object[0])).isPresent());
    }

    @Test
    void malformedTokensAreRefusedQuietly() {
        for (Object token : new Object[] {null, 42, "", "v3:", "v3:zz", "v2:1:" + "0".repeat(32) + ":" + "0".repeat(64),
            "v3:" + SESSION + ":1:" + "0".repeat(32) + ":" + "0".repeat(64), "v3:x:y:z:w", "v3:" + SESSION + ":1:2:3:4"}) {
            assertFalse(NETWORK.verify(token, "list", List.of("")).isPresent(), String.valueOf(token));
        }
        assertFalse(CallAuthenticator.sessionOf("v3:" + "G".repeat(32) + ":1").isPresent());
        assertFalse(NETWORK.verify(NETWORK.sign("list", List.of("")), "list", List.of(new Object() {})).isPresent(), "unknown types");
    }

    @Test
    void theLegacyTokenIsTheOriginalsHmacMd5OfTheUrl() {
        // Python 2: hmac.new("pw", "http://127.0.0.1:9201").hexdigest()
        assertEquals("9590c733b1a69ae38687643ff6fae601", new LegacyToken("pw").forUrl("http://127.0.0.1:9201"));
        assertTrue(new LegacyToken("pw").matches(new LegacyToken("pw").forUrl("http://x:1"), "http://x:1"));
        assertFalse(new LegacyToken("pw").matches(new LegacyToken("pw").forUrl("http://x:1"), "http://y:1"));
    }
}
