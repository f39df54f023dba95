package org.tinyp2p.cli;

import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.tinyp2p.Report;

/**
 * Shows a run's messages: progress on its out writer, warnings on stderr, detail only with --verbose, nothing
 * but errors with --quiet. A server stamps its lines with the time, as a log.
 */
final class ConsoleReport implements Report {
    enum Level { QUIET, NORMAL, VERBOSE }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss ");

    private final PrintWriter out;
    private final PrintWriter err;
    private final Level level;
    private final boolean timestamps;
    /** Prints a line around a live display, if one is showing ({@link TerminalProgress}). */
    private volatile LinePrinter screen = Runnable::run;

    /** How a line gets onto a screen that may also show something live. */
    interface LinePrinter {
        void print(Runnable printing);
    }

    ConsoleReport(PrintWriter out, PrintWriter err, Level level, boolean timestamps) {
        this.out = out;
        this.err = err;
        this.level = level;
        this.timestamps = timestamps;
    }

    /** Lines go onto the screen through {@code printer} from now on. */
    void showWith(LinePrinter printer) {
        screen = printer;
    }

    @Override
    public synchronized void info(String line) {
        if (level != Level.QUIET) {
            print(out, stamp() + line);
        }
    }

    @Override
    public synchronized void warn(String line) {
        if (level != Level.QUIET) {
            print(err, stamp() + "warning: " + line);
        }
    }

    @Override
    public synchronized void debug(String line) {
        if (level == Level.VERBOSE) {
            print(err, stamp() + "debug: " + line);
        }
    }

    private void print(PrintWriter to, String line) {
        screen.print(() -> {
            to.println(line);
            to.flush();
        });
    }

    private String stamp() {
        return timestamps ? LocalDateTime.now().format(STAMP) : "";
    }
}
