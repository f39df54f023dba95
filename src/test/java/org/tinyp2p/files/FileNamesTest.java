package org.tinyp2p.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void namesThatTurnTextAroundOrBreakTheLineAreRefused() {
        assertFalse(FileNames.isPlain("x\u202Egpj.exe"), "reads as xexe.jpg");
        assertFalse(FileNames.isPlain("a\u2028b"));
        assertFalse(FileNames.isPlain("a\u2066b"));
        assertTrue(FileNames.isPlain("family \uD83D\uDC68\u200D\uD83D\uDC69.png"), "emoji sequences keep their joiner");
        assertEquals("'a\\u200bb'", FileNames.quote("a\u200Bb"), "an invisible character is shown");
    }

    @Test
    void quotingShowsControlCharactersAsEscapes() {
        assertTrue(FileNames.quote("a\nb").equals("'a\\x0ab'"));
    }
}
