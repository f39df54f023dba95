package org.tinyp2p.server;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One range of an HTTP {@code Range: bytes=FIRST-[LAST]} header, checked against the file's size. */
record ByteRange(long first, long length) {
    private static final Pattern FORM = Pattern.compile("bytes=([0-9]{1,18})-([0-9]{0,18})");

    /**
     * @return the whole file for no header; the range for a valid one; empty if it is malformed, holds
     *         several ranges, or does not start inside the file
     */
    static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.of(new ByteRange(0, size));
        }
        Matcher m = FORM.matcher(header.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long first = Long.parseLong(m.group(1));
        long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        if (first >= size || last < first) {
            return Optional.empty();
        }
        return Optional.of(new ByteRange(first, last - first + 1));
    }
}
