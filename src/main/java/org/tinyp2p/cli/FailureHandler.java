package org.tinyp2p.cli;

import java.io.PrintWriter;
import org.tinyp2p.Failure;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what went wrong while running into one line on stderr and exit code 1. A known {@link Failure}
 * says what failed in its message; anything else is a bug, shown as one line too, with the stack trace
 * under --verbose so that it can be reported.
 */
final class FailureHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        boolean verbose = parsed.hasMatchedOption("--verbose") || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
        if (e instanceof Failure) {
            err.println("tinyp2p: " + e.getMessage());
        } else {
            err.println("tinyp2p: internal error: " + e + (verbose ? "" : " (run with --verbose for details)"));
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.FAILURE;
    }
}
