package org.tinyp2p.protocol;

import java.util.Map;
import java.util.Optional;

/**
 * Reading values off the wire without trusting them: every getter checks the type and range and answers
 * empty rather than throwing a ClassCastException at a hostile peer's whim.
 */
public final class WireValues {
    private WireValues() {
    }

    /** A non-negative long written as a decimal string (at most 18 digits, so it cannot overflow). */
    public static Optional<Long> size(Object value) {
        if (value instanceof String s && !s.isEmpty() && s.length() <= 18 && s.chars().allMatch(Character::isDigit)) {
            return Optional.of(Long.parseLong(s));
        }
        return Optional.empty();
    }

    public static String size(long value) {
        return Long.toString(value);
    }

    public static Optional<String> string(Object value) {
        return value instanceof String s ? Optional.of(s) : Optional.empty();
    }

    public static Optional<Object[]> array(Object value) {
        return value instanceof Object[] a ? Optional.of(a) : Optional.empty();
    }

    public static Optional<Map<?, ?>> struct(Object value) {
        return value instanceof Map<?, ?> m ? Optional.of(m) : Optional.empty();
    }
}
