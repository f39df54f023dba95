package org.tinyp2p;

/**
 * A failure the user can act on: its message is the one line shown on stderr, naming the thing that failed
 * (a URL, a port, a file). The command line maps it to exit code 1; anything else is a bug and keeps its trace.
 */
public class Failure extends Exception {
    public Failure(String message) {
        super(message);
    }

    public Failure(String message, Throwable cause) {
        super(message, cause);
    }
}
