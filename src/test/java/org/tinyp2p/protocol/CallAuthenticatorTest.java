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

    @Test
    void aSignedCallVerifies() {
        String token = NETWORK.sign("fetch", List.of("a.txt", "0"));
        assertTrue(NETWORK.verify(token, "fetch", List.of("a.txt", "0")));
        assertFalse(token.contains("secret"), "the password never travels");
    }

    @Test
    void theTokenCoversMethodAndEveryArgument() {
        String token = NETWORK.sign("fetch", List.of("a.txt", "0"));
        assertFalse(NETWORK.verify(token, "list", List.of("a.txt", "0")));
        assertFalse(NETWORK.verify(token, "fetch", List.of("b.txt", "0")));
        assertFalse(NETWORK.verify(token, "fetch", List.of("a.txt", "1")));
        assertFalse(NETWORK.verify(token, "fetch", List.of("a.txt0")), "argument boundaries are part of it");
        assertFalse(NETWORK.verify(token, "fetch", List.of("a.txt", "0", "extra")));
    }

    @Test
    void anotherPasswordGivesAnotherKey() {
        assertFalse(OTHER.verify(NETWORK.sign("ping", List.of(new Object[0])), "ping", List.of(new Object[0])));
        assertNotEquals(NETWORK.sign("list", List.of("")), OTHER.sign("list", List.of("")));
    }

    @Test
    void malformedTokensAreRefusedQuietly() {
        for (Object token : new Object[] {null, 42, "", "v1:", "v1:zz", "v2:" + "0".repeat(64), "v1:" + "0".repeat(64)}) {
            assertFalse(NETWORK.verify(token, "list", List.of("")), String.valueOf(token));
        }
        assertFalse(NETWORK.verify(NETWORK.sign("list", List.of("")), "list", List.of(new Object() {})), "unknown types");
    }

    @Test
    void arraysAreCoveredElementByElement() {
        Object[] peers = {"http://a:1", "http://b:2"};
        String token = NETWORK.sign("ping", List.<Object>of((Object) peers));
        assertTrue(NETWORK.verify(token, "ping", List.<Object>of((Object) new Object[] {"http://a:1", "http://b:2"})));
        assertFalse(NETWORK.verify(token, "ping", List.<Object>of((Object) new Object[] {"http://a:1"})));
    }

    @Test
    void theLegacyTokenIsTheOriginalsHmacMd5OfTheUrl() {
        // Python 2: hmac.new("pw", "http://127.0.0.1:9201").hexdigest()
        assertEquals("9590c733b1a69ae38687643ff6fae601", new LegacyToken("pw").forUrl("http://127.0.0.1:9201"));
        assertTrue(new LegacyToken("pw").matches(new LegacyToken("pw").forUrl("http://x:1"), "http://x:1"));
        assertFalse(new LegacyToken("pw").matches(new LegacyToken("pw").forUrl("http://x:1"), "http://y:1"));
    }
}
