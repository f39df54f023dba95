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

    ConsoleReport(PrintWriter out, PrintWriter err, Level level, boolean timestamps) {
        this.out = out;
        this.err = err;
        this.level = level;
        this.timestamps = timestamps;
    }

    @Override
    public synchronized void info(String line) {
        if (level != Level.QUIET) {
            out.println(stamp() + line);
            out.flush();
        }
    }

    @Override
    public synchronized void warn(String line) {
        if (level != Level.QUIET) {
            err.println(stamp() + "warning: " + line);
            err.flush();
        }
    }

    @Override
    public synchronized void debug(String line) {
        if (level == Level.VERBOSE) {
            err.println(stamp() + "debug: " + line);
            err.flush();
        }
    }

    private String stamp() {
        return timestamps ? LocalDateTime.now().format(STAMP) : "";
    }
}
