package org.tinyp2p.cli;

/** The exit codes tinyp2p documents (README, "Exit codes"). */
public final class ExitCodes {
    /** Everything asked for was done (unreachable peers other than SERVERURL are only warnings). */
    public static final int OK = 0;
    /** A runtime failure: SERVERURL unreachable or refusing the password, a failed download, a port in use, a bad folder. */
    public static final int FAILURE = 1;
    /** The command line was wrong; a short usage went to stderr. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
