package org.tinyp2p.files;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"a.txt", "with space.doc", "accentué.txt", "日本語.txt", "emoji 😀.png", "a..b", "-dash"})
    void plainNames(String name) {
        assertTrue(FileNames.isPlain(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../x", "/tmp/x", "sub/x", "a\\b", ".hidden", "a\nb", "a\u0000b", "a\u007fb", "\ud83d"})
    void refusedNames(String name) {
        assertFalse(FileNames.isPlain(name), name);
    }

    @Test
    void refusesNamesLongerThanFileSystemsAllow() {
        assertTrue(FileNames.isPlain("a".repeat(255)));
        assertFalse(FileNames.isPlain("a".repeat(256)));
        assertFalse(FileNames.isPlain("é".repeat(128)), "256 bytes in UTF-8");
    }

    @Test
    void quotingShowsControlCharactersAsEscapes() {
        assertTrue(FileNames.quote("a\nb").equals("'a\\x0ab'"));
    }
}
