package org.tinyp2p.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PercentEncodingTest {
    @ParameterizedTest
    @ValueSource(strings = {"plain.txt", "with space & plus+.txt", "naïve 日本語 🎵.mp3", "100%.txt", "a\nb", "~-._"})
    void everyNameComesBackAsItWent(String name) {
        String encoded = PercentEncoding.encode(name);
        assertTrue(encoded.chars().allMatch(c -> c < 128 && c != '\n' && c != ' ' && c != '+'), encoded);
        assertEquals(Optional.of(name), PercentEncoding.decode(encoded));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a+b", "a b", "%", "%4", "%zz", "%FF", "%C3", "é", "a/b", "a\nb", "%61", "%2f", "%2e", "%C0%AE"})
    void whatEncodeWouldNotWriteIsRefused(String encoded) {
        assertEquals(Optional.empty(), PercentEncoding.decode(encoded), encoded);
    }
}
