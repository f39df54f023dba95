package org.tinyp2p.cli;

import java.io.PrintWriter;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** A usage error: the one line saying what is wrong, the short usage, and exit code 2. */
final class UsageErrorHandler implements IParameterExceptionHandler {
    static final String SHORT_USAGE = String.join(System.lineSeparator(),
            "Usage: " + TinyP2pCommand.SERVER_USAGE,
            "       " + TinyP2pCommand.CLIENT_USAGE,
            "Try '" + TinyP2pCommand.PROGRAM + " --help' for more information.");

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        String line = passwordTakenForSomethingElse(e, args).orElseGet(() -> describe(e, args));
        err.println("tinyp2p: " + redact(line, e.getCommandLine().getCommandSpec().root(), args));
        err.println(SHORT_USAGE);
        err.flush();
        return ExitCodes.USAGE;
    }

    /**
     * Picocli reports PASSWORD as missing when it took the password for something else: an unknown option
     * (it starts with '-') or the mode (it is "server" or "client"). Say so, and how to give such a password.
     */
    private static java.util.Optional<String> passwordTakenForSomethingElse(ParameterException e, String[] args) {
        if (!(e instanceof picocli.CommandLine.MissingParameterException missing)
                || missing.getMissing().stream().noneMatch(arg -> "PASSWORD".equals(arg.paramLabel()))) {
            return java.util.Optional.empty();
        }
        String howTo = " must come through $" + TinyP2pCommand.PASSWORD_VARIABLE + ": give PASSWORD as '-')";
        picocli.CommandLine.Model.CommandSpec spec = e.getCommandLine().getCommandSpec().root();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            picocli.CommandLine.Model.OptionSpec option = arg.startsWith("-") ? spec.findOption(name) : null;
            if (option != null && !arg.contains("=") && option.arity().max() > 0) {
                i++; // its value, whatever it says
            } else if (option == null && arg.startsWith("-") && !arg.equals("-") && !arg.equals("--")) {
                return java.util.Optional.of("Unknown option: '" + arg + "' (a PASSWORD that starts with '-'" + howTo);
            } else if (arg.equals("server") || arg.equals("client")) {
                return java.util.Optional.of("Missing required parameter: 'PASSWORD' before '" + arg
                        + "' (a PASSWORD that is itself 'server' or 'client'" + howTo);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The line without anything that may be the password: the word in PASSWORD's place (the first that is
     * not an option or an option's value), and an unknown option standing before it (a password that starts
     * with '-'), wherever the line quotes them.
     */
    static String redact(String line, picocli.CommandLine.Model.CommandSpec spec, String[] args) {
        // unknown options and option values before PASSWORD's place: with PASSWORD missing, one of them is it
        java.util.List<String> unknown = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            picocli.CommandLine.Model.OptionSpec option = arg.startsWith("-") && !arg.equals("-") ? spec.findOption(name) : null;
            if (option != null) {
                if (arg.contains("=")) {
                    unknown.add(arg.substring(arg.indexOf('=') + 1));
                } else if (option.arity().max() > 0 && i + 1 < args.length) {
                    unknown.add(args[++i]); // its value
                }
            } else if (arg.startsWith("-") && !arg.equals("-")) {
                unknown.add(arg);
            } else if (arg.equals("server") || arg.equals("client")) {
                break; // no word in PASSWORD's place: an unknown option before the mode may be the password
            } else {
                return arg.equals("-") ? line : line.replace("'" + arg + "'", "'***'"); // PASSWORD's place
            }
        }
        for (String maybePassword : unknown) {
            line = line.replace("'" + maybePassword + "'", "'***'");
        }
        return line;
    }

    /** Picocli's message, except where a word about the mode says it better. */
    private static String describe(ParameterException e, String[] args) {
        if (e instanceof UnmatchedArgumentException unmatched
                && e.getCommandLine().getCommandSpec().userObject() instanceof TinyP2pCommand
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            String mode = unmatched.getUnmatched().get(0);
            if (java.util.List.of(args).contains("--") && (mode.equals("server") || mode.equals("client"))) {
                // after "--" everything is a parameter, the mode too: "-- -s3cret client …" is how one tries a password like that
                return "The mode cannot follow -- (a PASSWORD that starts with '-' must come through $"
                        + TinyP2pCommand.PASSWORD_VARIABLE + ": give PASSWORD as '-')";
            }
            return "Unknown mode '" + mode + "': expected 'server' or 'client' after PASSWORD";
        }
        return e.getMessage();
    }
}
