package org.tinyp2p.protocol.xmlrpc;

import org.tinyp2p.protocol.Protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class Base64ParserTest {
    static final byte[] DATA = "every byte counts: \u0000\u00ff and more, long enough to break lines".getBytes(StandardCharsets.UTF_8);

    static byte[] decode(byte[] base64) {
        byte[] room = java.util.Arrays.copyOf(base64, base64.length + 10); // the parser's buffer is larger than its text
        return Base64Parser.decode(room, base64.length).toArray();
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void decodesPlainBase64() {
        assertArrayEquals(DATA, decode(Base64.getEncoder().encode(DATA)));
    }

    @Test
    void allowsTheLineBreaksOtherWritersInsert() {
        String broken = Base64.getMimeEncoder(16, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(DATA) + "\n ";
        assertArrayEquals(DATA, decode(ascii(broken)));
    }

    @Test
    void refusesAnythingElseOutsideTheAlphabet() {
        String good = Base64.getEncoder().encodeToString(DATA);
        assertThrows(IllegalArgumentException.class, () -> decode(ascii("*" + good)));
        // a character above U+00FF reaches the decoder as '?'
        assertThrows(IllegalArgumentException.class, () -> decode(ascii(good.substring(0, 4) + "?" + good.substring(4))));
        assertThrows(IllegalArgumentException.class, () -> decode(ascii("\u00e9" + good)));
    }

    @Test
    void noValueARequestCanHoldUsesAPooledChunkBuffer() {
        // a server parses requests of at most MAX_REQUEST_BYTES; their base64 must decode into plain arrays
        assertTrue((Protocol.MAX_REQUEST_BYTES + 3) / 4 * 3 < PooledBytes.POOLED_FROM);
        byte[] large = new byte[Protocol.MAX_REQUEST_BYTES];
        java.util.Arrays.fill(large, (byte) 'A');
        PooledBytes decoded = Base64Parser.decode(large, large.length);
        assertEquals(Protocol.MAX_REQUEST_BYTES / 4 * 3, decoded.length());
        assertEquals(decoded.length(), decoded.view().array().length, "an array of its own size, not a pooled chunk buffer");
    }
}
