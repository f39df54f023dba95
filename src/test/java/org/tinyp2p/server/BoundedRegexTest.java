package org.tinyp2p.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BoundedRegexTest {
    @Test
    void behavesLikePythonsSearch() {
        long later = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        assertTrue(BoundedRegex.python("a.t").find("xxa.txt", later));
        assertTrue(BoundedRegex.python("(?P<x>ab)(?P=x)").find("zabab", later));
        assertFalse(BoundedRegex.python("^b").find("ab", later));
    }

    @Test
    void aCatastrophicPatternIsStoppedAtItsDeadline() {
        // java.util.regex memoises (a+)+$ since Java 9, but not this one: seconds at 28 characters, ages at 60
        BoundedRegex evil = BoundedRegex.python("(.*a){12}$");
        String name = "a".repeat(60) + "!";
        assertThrows(BoundedRegex.TooSlow.class, () -> evil.find(name, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200)));
    }

    @Test
    void textIsCarriedAsAStringOnlyWhenXmlCanCarryIt() {
        assertTrue(LegacyService.textXmlCanCarry("plain\r\ntext é 😀".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertFalse(LegacyService.textXmlCanCarry(new byte[] {'a', 0, 'b'}));
        assertFalse(LegacyService.textXmlCanCarry(new byte[] {(byte) 0xff, (byte) 0xfe}));
    }
}
