package org.tinyp2p.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Builds the one command line used by {@link Main} and by the tests, with its writers and handlers. */
public final class CommandLineFactory {
    private CommandLineFactory() {
    }

    public static CommandLine create(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new TinyP2pCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new FailureHandler());
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        commandLine.setExitCodeExceptionMapper(e -> ExitCodes.FAILURE);
        return commandLine;
    }
}
