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
        }
        return Optional.empty();
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
