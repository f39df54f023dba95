package org.tinyp2p.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

class NameMatcherTest {
    @Test
    void aPatternIsAPlainSubstring() {
        NameMatcher matcher = NameMatcher.substring("a.t");
        assertTrue(matcher.test("a.txt"));
        assertFalse(matcher.test("abtxt"), "the dot is not a wildcard");
        assertEquals("a.t", matcher.serverFilter());
    }

    @Test
    void theEmptyPatternMatchesAll() {
        assertTrue(NameMatcher.substring("").test("anything"));
    }

    @Test
    void regexIsFoundAnywhereAndFilteredLocally() {
        NameMatcher matcher = NameMatcher.regex("a.t$");
        assertTrue(matcher.test("xabt"));
        assertFalse(matcher.test("a.txt"));
        assertEquals("", matcher.serverFilter(), "the server lists all; its CPU never runs our regex");
        assertThrows(PatternSyntaxException.class, () -> NameMatcher.regex("("));
    }

    @Test
    void substringBecomesAnEscapedPythonPatternForOriginalPeers() {
        assertEquals("a\\.t", NameMatcher.substring("a.t").asPythonRegex());
        assertEquals("é\\ 😀", NameMatcher.substring("é 😀").asPythonRegex());
    }
}
