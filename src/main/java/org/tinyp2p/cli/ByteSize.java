package org.tinyp2p.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A size as a user types it: bytes ({@code 500000}), or a whole number with K, M, G or T, all 1024-based, with
 * or without {@code B} or {@code iB} and in either case ({@code 20M}, {@code 20mb}, {@code 20MiB} are the same).
 * Picocli turns a refusal into a usage error naming the option.
 */
final class ByteSize implements ITypeConverter<Long> {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(?:([kmgt])(?:i?b)?|b)?", Pattern.CASE_INSENSITIVE);
    private static final String UNITS = "kmgt";

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    static long parse(String value) {
        Matcher m = SIZE.matcher(value.strip());
        if (value.strip().startsWith("-")) {
            throw new TypeConversionException("'" + value + "' is negative: a size is 0 or more bytes");
        }
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a size: give bytes, or a whole number with K, M, G or T"
                    + " (1024-based), such as 20M");
        }
        int shift = m.group(2) == null ? 0 : 10 * (UNITS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1);
        try {
            long number = Long.parseLong(m.group(1));
            if (shift > 0 && number > Long.MAX_VALUE >> shift) {
                throw new NumberFormatException();
            }
            return number << shift;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is more bytes than any disk holds");
        }
    }
}
