package org.tinyp2p.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CallAuthenticatorTest {
    static final CallAuthenticator NETWORK = new CallAuthenticator(NetworkKey.derive("secret"));
    static final CallAuthenticator OTHER = new CallAuthenticator(NetworkKey.derive("Secret"));
    static final String HOST = "127.0.0.1:8000";

    @Test
    void aSignedCallVerifiesAndCarriesItsStamp() {
        String token = NETWORK.sign(HOST, "fetch", List.of("a.txt", "0"));
        CallAuthenticator.Stamp stamp = NETWORK.verify(token, HOST, "fetch", List.of("a.txt", "0")).orElseThrow();
        assertTrue(Math.abs(stamp.time() - System.currentTimeMillis() / 1000) <= 1);
        assertEquals(32, stamp.nonce().length());
        assertFalse(token.contains("secret"), "the password never travels");
        assertNotEquals(token, NETWORK.sign(HOST, "fetch", List.of("a.txt", "0")), "every call gets a fresh nonce");
    }

    @Test
    void theTokenCoversAudienceMethodAndEveryArgument() {
        String token = NETWORK.sign(HOST, "fetch", List.of("a.txt", "0"));
        assertFalse(NETWORK.verify(token, "127.0.0.1:8001", "fetch", List.of("a.txt", "0")).isPresent(), "another server");
        assertFalse(NETWORK.verify(token, HOST, "list", List.of("a.txt", "0")).isPresent());
        assertFalse(NETWORK.verify(token, HOST, "fetch", List.of("b.txt", "0")).isPresent());
        assertFalse(NETWORK.verify(token, HOST, "fetch", List.of("a.txt", "1")).isPresent());
        assertFalse(NETWORK.verify(token, HOST, "fetch", List.of("a.txt0")).isPresent(), "argument boundaries are part of it");
        assertFalse(NETWORK.verify(token, HOST, "fetch", List.of("a.txt", "0", "extra")).isPresent());
        assertTrue(NETWORK.verify(token, "127.0.0.1:8000".toUpperCase(), "fetch", List.of("a.txt", "0")).isPresent(), "host names ignore case");
    }

    @Test
    void timeAndNonceCannotBeChangedWithoutTheKey() {
        String token = NETWORK.sign(HOST, 1000, "0".repeat(32), "list", List.of(""));
        String[] parts = token.split(":");
        String laterTime = parts[0] + ":" + 2000 + ":" + parts[2] + ":" + parts[3];
        String otherNonce = parts[0] + ":" + parts[1] + ":" + "1".repeat(32) + ":" + parts[3];
        assertTrue(NETWORK.verify(token, HOST, "list", List.of("")).isPresent());
        assertFalse(NETWORK.verify(laterTime, HOST, "list", List.of("")).isPresent());
        assertFalse(NETWORK.verify(otherNonce, HOST, "list", List.of("")).isPresent());
    }

    @Test
    void anotherPasswordGivesAnotherKey() {
        assertFalse(OTHER.verify(NETWORK.sign(HOST, "ping", List.of(new Object[0])), HOST, "ping", List.of(new Object[0])).isPresent());
    }

    @Test
    void malformedTokensAreRefusedQuietly() {
        for (Object token : new Object[] {null, 42, "", "v2:", "v2:zz", "v1:" + "0".repeat(64), "v2:1:" + "0".repeat(32) + ":" + "0".repeat(64),
            "v2:x:y:z", "v2:1:2:3:4"}) {
            assertFalse(NETWORK.verify(token, HOST, "list", List.of("")).isPresent(), String.valueOf(token));
        }
        assertFalse(NETWORK.verify(NETWORK.sign(HOST, "list", List.of("")), null, "list", List.of("")).isPresent(), "no Host header");
        assertFalse(NETWORK.verify(NETWORK.sign(HOST, "list", List.of("")), HOST, "list", List.of(new Object() {})).isPresent(), "unknown types");
    }

    @Test
    void theLegacyTokenIsTheOriginalsHmacMd5OfTheUrl() {
        // Python 2: hmac.new("pw", "http://127.0.0.1:9201").hexdigest()
        assertEquals("9590c733b1a69ae38687643ff6fae601", new LegacyToken("pw").forUrl("http://127.0.0.1:9201"));
        assertTrue(new LegacyToken("pw").matches(new LegacyToken("pw").forUrl("http://x:1"), "http://x:1"));
        assertFalse(new LegacyToken("pw").matches(new LegacyToken("pw").forUrl("http://x:1"), "http://y:1"));
    }
}
