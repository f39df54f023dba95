package org.tinyp2p.cli;

import java.io.PrintWriter;
import org.tinyp2p.Report;

/** Shows a run's messages: progress on stdout, warnings on stderr, detail only with --verbose. */
final class ConsoleReport implements Report {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean verbose;

    ConsoleReport(PrintWriter out, PrintWriter err, boolean verbose) {
        this.out = out;
        this.err = err;
        this.verbose = verbose;
    }

    @Override
    public synchronized void info(String line) {
        out.println(line);
        out.flush();
    }

    @Override
    public synchronized void warn(String line) {
        err.println("warning: " + line);
        err.flush();
    }

    @Override
    public synchronized void debug(String line) {
        if (verbose) {
            err.println("debug: " + line);
            err.flush();
        }
    }
}
