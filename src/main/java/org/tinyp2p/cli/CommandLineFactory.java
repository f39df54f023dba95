package org.tinyp2p.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

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
        // -qv would mean nothing here (they exclude each other), while a PASSWORD such as -hunter2 read as the
        // cluster -h -u … printed the help and exited 0: a password that starts with '-' is refused instead
        commandLine.setPosixClusteredShortOptionsAllowed(false);
        hide(commandLine.getSubcommands().get("server"), ClientModeOptions.NAMES);
        hide(commandLine.getSubcommands().get("client"), ServerModeOptions.NAMES);
        return commandLine;
    }

    /**
     * Leaves the other mode's options out of a mode's help. They are inherited (so that they may stand before
     * PASSWORD), and the mode refuses them with a clear line; its help need not list them.
     */
    private static void hide(CommandLine mode, String[] names) {
        CommandSpec spec = mode.getCommandSpec();
        for (String name : names) {
            OptionSpec option = spec.findOption(name);
            if (option != null && !option.hidden()) {
                spec.remove(option);
                spec.addOption(option.toBuilder().hidden(true).build());
            }
        }
    }
}
