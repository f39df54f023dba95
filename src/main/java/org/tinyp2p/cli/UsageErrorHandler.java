package org.tinyp2p.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** A usage error: the one line saying what is wrong, the short usage, and exit code 2. */
final class UsageErrorHandler implements IParameterExceptionHandler {
    static final String SHORT_USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar tinyp2p.jar [OPTIONS] PASSWORD server HOST PORT [OTHERURL]",
            "       java -jar tinyp2p.jar [OPTIONS] PASSWORD client SERVERURL PATTERN",
            "Try 'java -jar tinyp2p.jar --help' for more information.");

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("tinyp2p: " + e.getMessage());
        err.println(SHORT_USAGE);
        err.flush();
        return ExitCodes.USAGE;
    }
}
