package org.tinyp2p.files;

import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which file names a client wants. As the original's documentation says, a pattern is a plain substring
 * (so {@code a.t} matches {@code a.txt} but not {@code abtxt}); with --regex it is a Java regular expression
 * found anywhere in the name. An empty pattern matches every name.
 */
public final class NameMatcher implements Predicate<String> {
    private final String substring;
    private final Pattern regex;

    private NameMatcher(String substring, Pattern regex) {
        this.substring = substring;
        this.regex = regex;
    }

    public static NameMatcher substring(String text) {
        return new NameMatcher(text, null);
    }

    /** @throws PatternSyntaxException if {@code expression} is not a valid regular expression */
    public static NameMatcher regex(String expression) {
        return new NameMatcher(null, Pattern.compile(expression));
    }

    public boolean isRegex() {
        return regex != null;
    }

    /** The substring a server can filter by; a regular expression is matched here, so the server lists all. */
    public String serverFilter() {
        return regex == null ? substring : "";
    }

    /** The pattern as a Python regular expression, for original peers (whose listing takes one). */
    public String asPythonRegex() {
        if (regex != null) {
            return regex.pattern();
        }
        StringBuilder out = new StringBuilder();
        substring.codePoints().forEach(cp -> {
            if (cp < 128 && !Character.isLetterOrDigit(cp) && cp != '_') {
                out.append('\\');
            }
            out.appendCodePoint(cp);
        });
        return out.toString();
    }

    @Override
    public boolean test(String name) {
        return regex == null ? name.contains(substring) : regex.matcher(name).find();
    }

    @Override
    public String toString() {
        return regex == null ? "'" + substring + "'" : "/" + regex.pattern() + "/";
    }
}
