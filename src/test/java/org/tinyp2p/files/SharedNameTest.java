package org.tinyp2p.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SharedNameTest {
    @ParameterizedTest
    @ValueSource(strings = {"a.txt", "Music/Artist/Album/track.flac", "Фото/2026/été.jpg", "音楽/アルバム/曲.flac", "emoji 😀/x 🎵.png",
            "a..b/c", "-dash/x"})
    void relativePathsOfPlainComponentsAreNames(String wire) throws Exception {
        SharedName name = SharedName.parse(wire);
        assertEquals(wire, name.wire(), "byte for byte as it crossed the wire");
        assertEquals(List.of(wire.split("/")), name.components());
        assertEquals(Path.of("/x").resolve(wire), name.under(Path.of("/x")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "../x", "a/../../x", "a/./b", "./a", "a//b", "a/", "a\\b", "a/b\\c", ".hidden/x",
            "a/.hidden", "a/\u0000b", "a/\nb", "a/b\u007f", "\ud83d/x", "a/.tinyp2p-x.part", ".", ".."})
    void everyBadComponentIsRefused(String wire) {
        assertThrows(SharedName.Refused.class, () -> SharedName.parse(wire), wire);
    }

    @Test
    void depthAndLengthHaveLimits() throws Exception {
        String deepest = "d/".repeat(SharedName.MAX_DEPTH - 1) + "f";
        assertEquals(SharedName.MAX_DEPTH, SharedName.parse(deepest).depth());
        SharedName.Refused deep = assertThrows(SharedName.Refused.class, () -> SharedName.parse("d/" + deepest));
        assertEquals("deeper than " + SharedName.MAX_DEPTH + " components", deep.getMessage());
        String longest = ("a".repeat(199) + "/").repeat(20) + "b".repeat(SharedName.MAX_BYTES - 200 * 20);
        assertEquals(SharedName.MAX_BYTES, longest.length());
        SharedName.parse(longest);
        assertEquals("path longer than 4096 bytes", assertThrows(SharedName.Refused.class, () -> SharedName.parse(longest + "b")).getMessage());
        assertThrows(SharedName.Refused.class, () -> SharedName.parse("a/" + "c".repeat(256)), "a component over 255 bytes");
    }

    @Test
    void theReasonNamesTheComponent() {
        assertEquals("leads out of the folder (..)", assertThrows(SharedName.Refused.class, () -> SharedName.parse("a/../b")).getMessage());
        assertEquals("an empty component", assertThrows(SharedName.Refused.class, () -> SharedName.parse("a//b")).getMessage());
        assertEquals("an absolute path", assertThrows(SharedName.Refused.class, () -> SharedName.parse("/a")).getMessage());
        assertEquals("hidden name in '.git'", assertThrows(SharedName.Refused.class, () -> SharedName.parse("p/.git/config")).getMessage());
    }
}
