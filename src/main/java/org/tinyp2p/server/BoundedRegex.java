package org.tinyp2p.server;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A caller's regular expression (the original protocol's listing takes one, in Python syntax), run with a
 * time limit: java.util.regex backtracks, so a pattern like {@code (a+)+$} could otherwise keep a worker
 * thread busy for ages. The limit is enforced from inside the match, through the text it reads.
 */
final class BoundedRegex {
    static final class TooSlow extends RuntimeException {
        TooSlow() {
            super("pattern took too long", null, false, false);
        }
    }

    private final Pattern pattern;

    private BoundedRegex(Pattern pattern) {
        this.pattern = pattern;
    }

    /** Translates the Python-only syntax for named groups; the rest of the common syntax is the same. */
    static BoundedRegex python(String expression) throws PatternSyntaxException {
        String java = expression.replace("(?P<", "(?<").replaceAll("\\(\\?P=(\\w+)\\)", "\\\\k<$1>");
        return new BoundedRegex(Pattern.compile(java));
    }

    /** Python's re.search: the pattern found anywhere in the text, giving up at {@code deadlineNanos}. */
    boolean find(String text, long deadlineNanos) {
        return pattern.matcher(new Deadline(text, deadlineNanos)).find();
    }

    private static final class Deadline implements CharSequence {
        private final String text;
        private final long deadline;
        private int reads;

        Deadline(String text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xFFF) == 0 && System.nanoTime() > deadline) {
                throw new TooSlow();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
