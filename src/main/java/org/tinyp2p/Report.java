package org.tinyp2p;

/**
 * Where the server and the client tell the user what happens. The command line decides how it is shown;
 * tests collect it. Implementations must be thread-safe.
 */
public interface Report {
    /** Normal progress: a file fetched, a peer joined. */
    void info(String line);

    /** Something went wrong but the work goes on: an unreachable peer, an unsafe name. */
    void warn(String line);

    /** Detail only shown with --verbose. */
    void debug(String line);

    /** A report that drops everything (for callers that do not care). */
    Report SILENT = new Report() {
        @Override public void info(String line) { }
        @Override public void warn(String line) { }
        @Override public void debug(String line) { }
    };
}
