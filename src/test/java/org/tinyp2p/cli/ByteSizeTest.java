package org.tinyp2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class ByteSizeTest {
    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "6, 6",
        "6B, 6",
        "6 b, 6",
        "1K, 1024",
        "1k, 1024",
        "1KB, 1024",
        "1KiB, 1024",
        "1kib, 1024",
        "20M, 20971520",
        "20MiB, 20971520",
        "20 mb, 20971520",
        "3G, 3221225472",
        "2GiB, 2147483648",
        "1T, 1099511627776",
        "1TiB, 1099511627776",
        "0M, 0",
        "' 64M ', 67108864",
        "9223372036854775807, 9223372036854775807",
        "8388607T, 9223370937343148032",
    })
    void bytesAndTheFourUnitsAre1024Based(String text, long bytes) {
        assertEquals(bytes, ByteSize.parse(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "M", "x", "20X", "20 MM", "1.5G", "20Mi", "20iB", "0x10", "1P", "20M extra", "1,000"})
    void garbageIsNotASize(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> ByteSize.parse(text));
        assertEquals("'" + text + "' is not a size: give bytes, or a whole number with K, M, G or T (1024-based), such as 20M", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-20M", " -0"})
    void aNegativeSizeIsRefusedAsNegative(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> ByteSize.parse(text));
        assertTrue(e.getMessage().contains("is negative"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "99999999999999999999999", "8388608T", "9007199254740992K"})
    void moreThanALongHoldsIsRefusedNotWrapped(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> ByteSize.parse(text));
        assertEquals("'" + text + "' is more bytes than any disk holds", e.getMessage());
    }

    @Test
    void picocliUsesItAsTheConverter() {
        assertEquals(20L << 20, new ByteSize().convert("20M"));
    }
}
