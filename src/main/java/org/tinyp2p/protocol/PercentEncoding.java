package org.tinyp2p.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** File names as one URL path segment or bundle line: UTF-8, every byte but the unreserved ones as %XX. */
public final class PercentEncoding {
    private PercentEncoding() {
    }

    public static String encode(String name) {
        StringBuilder out = new StringBuilder(name.length() + 16);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (unreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    /** The name {@link #encode} gave, or empty for anything it would not have written (strict: one spelling per name, valid UTF-8). */
    public static Optional<String> decode(String encoded) {
        byte[] bytes = new byte[encoded.length()];
        int n = 0;
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()) {
                int high = upperHex(encoded.charAt(i + 1));
                int low = upperHex(encoded.charAt(i + 2));
                if (high < 0 || low < 0 || unreserved(high << 4 | low)) { // one spelling per name: %61 is 'a'
                    return Optional.empty();
                }
                bytes[n++] = (byte) (high << 4 | low);
                i += 2;
            } else if (c < 128 && unreserved(c)) {
                bytes[n++] = (byte) c;
            } else {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, n)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static int upperHex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static boolean unreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
