package org.tinyp2p.files;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one rule for which names may cross the wire, on both sides: a plain, visible file name. A server only
 * offers such names and only answers for them; a client only writes such names, so nothing a peer says can
 * make it write outside its folder, over a hidden file or over its own temporary files.
 */
public final class FileNames {
    /** Most file systems cap a name at 255 bytes. */
    public static final int MAX_BYTES = 255;

    private FileNames() {
    }

    /** Why {@code name} is not a plain file name, or empty if it is one. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("empty name");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("name longer than " + MAX_BYTES + " bytes");
        }
        if (name.startsWith(".")) {
            return Optional.of(name.equals(".") || name.equals("..") ? "names a folder" : "hidden name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return Optional.of("contains a path separator");
            }
            if (Character.isISOControl(c)) {
                return Optional.of("contains a control character");
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(++i)))) {
                return Optional.of("contains a broken character");
            }
            if (c == '\uFFFD' || c == '\uFFFE' || c == '\uFFFF') {
                return Optional.of("contains a character that cannot travel in XML");
            }
            if (misleads(c)) {
                return Optional.of("contains a character that turns text around or breaks the line");
            }
        }
        return Optional.empty();
    }

    /**
     * Bidirectional overrides and isolates ('x\u202Egpj.exe' reads as "xexe.jpg") and line or paragraph
     * separators (a one-line message would break). Zero-width joiners stay: emoji sequences need them.
     */
    private static boolean misleads(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F'
                || c == '\u061C' || c == '\u2028' || c == '\u2029';
    }

    public static boolean isPlain(String name) {
        return problem(name).isEmpty();
    }

    /** A name made safe to quote in a one-line message (control characters shown as escapes, length capped). */
    public static String quote(String name) {
        if (name == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder("'");
        name.codePoints().limit(120).forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format("\\x%02x", cp));
            } else if (Character.getType(cp) == Character.FORMAT || Character.getType(cp) == Character.LINE_SEPARATOR
                    || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR) { // invisible: shown, so a name cannot pass for another
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        if (name.codePointCount(0, name.length()) > 120) {
            out.append("...");
        }
        return out.append('\'').toString();
    }
}
