package org.tinyp2p.secure;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A message of the password exchange: named fields, one {@code name value} line each, in UTF-8. Parsing is
 * strict and bounded, since the other side may be anyone.
 */
public final class PakeMessage {
    /** Far more than the largest message (a few hundred bytes). */
    public static final int MAX_BYTES = 8 * 1024;
    private static final int MAX_FIELDS = 32;

    private final Map<String, String> fields = new LinkedHashMap<>();

    public PakeMessage put(String name, String value) {
        if (!name.matches("[a-z0-9.]{1,32}") || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("not a field: " + name);
        }
        fields.put(name, value);
        return this;
    }

    public String get(String name) {
        return fields.get(name);
    }

    /** Fields of another message, their names prefixed (to carry several rounds in one message). */
    public PakeMessage putAll(String prefix, PakeMessage other) {
        other.fields.forEach((k, v) -> put(prefix + k, v));
        return this;
    }

    /** The fields under a prefix, as a message of their own. */
    public PakeMessage part(String prefix) {
        PakeMessage part = new PakeMessage();
        fields.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                part.fields.put(k.substring(prefix.length()), v);
            }
        });
        return part;
    }

    public byte[] encode() {
        StringBuilder text = new StringBuilder();
        fields.forEach((k, v) -> text.append(k).append(' ').append(v).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The message, or empty if it is not one (too large, malformed, repeated or too many fields). */
    public static Optional<PakeMessage> parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            return Optional.empty();
        }
        PakeMessage message = new PakeMessage();
        String text = new String(bytes, StandardCharsets.UTF_8);
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            int space = line.indexOf(' ');
            if (space < 1 || message.fields.size() >= MAX_FIELDS) {
                return Optional.empty();
            }
            String name = line.substring(0, space);
            if (message.fields.containsKey(name)) {
                return Optional.empty();
            }
            try {
                message.put(name, line.substring(space + 1));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(message);
    }
}
