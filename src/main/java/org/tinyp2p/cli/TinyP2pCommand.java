package org.tinyp2p.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.PeerDialer;
import org.tinyp2p.protocol.Timeouts;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The command line, as the original has it: {@code PASSWORD server ...} or {@code PASSWORD client ...}. The
 * password and the options shared by both modes live here; options are inherited, so they may stand before
 * PASSWORD or after the mode.
 */
@Command(name = "tinyp2p",
        mixinStandardHelpOptions = true,
        versionProvider = TinyP2pCommand.Version.class,
        subcommands = {ServerCommand.class, ClientCommand.class},
        customSynopsis = {TinyP2pCommand.SERVER_USAGE, "       " + TinyP2pCommand.CLIENT_USAGE},
        // written to fit 80 columns, continuation lines indented: picocli would start them at column 0
        description = {
            "Share the files of a folder with friends who know the password, over XML-RPC",
            "as Ed Felten's TinyP2P did, encrypted (TLS 1.3).",
            "",
            "  server HOST PORT [OTHERURL]  serve the folder at http://HOST:PORT; join the",
            "                               network through OTHERURL",
            "  client SERVERURL PATTERN     download every file of the network whose name",
            "                               contains PATTERN",
            ""},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  success (unreachable peers other than SERVERURL are warnings only)",
            "  1  runtime failure: SERVERURL unreachable or refusing the password, a",
            "     download failed, the port is in use, the folder is missing or unreadable",
            "  2  usage error"})
public final class TinyP2pCommand implements Callable<Integer> {
    /** How users start the program, as the usage lines name it. */
    static final String PROGRAM = "java -jar tinyp2p.jar";
    static final String SERVER_USAGE = PROGRAM + " [OPTIONS] PASSWORD server HOST PORT [OTHERURL]";
    static final String CLIENT_USAGE = PROGRAM + " [OPTIONS] PASSWORD client SERVERURL PATTERN";
    /** Where a PASSWORD of '-' is read from. */
    static final String PASSWORD_VARIABLE = "TINYP2P_PASSWORD";

    @Parameters(index = "0", paramLabel = "PASSWORD",
            description = "The network's shared password; '-' reads it from $TINYP2P_PASSWORD, or asks for it on the terminal.")
    String password;

    @Option(names = "--password-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Read the password from the first line of FILE (give PASSWORD as '-'); FILE must be readable by its owner only.")
    Path passwordFile;

    @Option(names = "--dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Folder to serve or download into (default: the current folder).")
    Path dir;

    @Option(names = "--legacy-peer", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "This URL runs the original TinyP2P: speak its protocol to it, in plain HTTP (repeatable; a server then also takes --legacy).")
    List<String> legacyPeers = new ArrayList<>();

    @Mixin
    ClientModeOptions client;

    @Mixin
    ServerModeOptions server;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Say more: every peer contacted, every decision, and stack traces on failure.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "Say nothing but errors.")
    boolean quiet;

    @Option(names = "--completion", help = true,
            description = "Print a bash/zsh completion script and exit: source <(java -jar tinyp2p.jar --completion)")
    boolean completion;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (completion) {
            spec.commandLine().getOut().print(picocli.AutoComplete.bash("tinyp2p", spec.commandLine()));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        throw new ParameterException(spec.commandLine(), "Missing mode: 'server' or 'client' after PASSWORD");
    }

    /** The folder to work in, --dir or the current one. */
    Path folder() {
        return dir != null ? dir : Path.of("");
    }

    /** Calls peers with the password: our peers over TLS after the password exchange, named original peers in plain HTTP. */
    PeerDialer dialer(CommandSpec mode, Timeouts timeouts) {
        Set<PeerUrl> original = new LinkedHashSet<>();
        for (String url : legacyPeers) {
            original.add(PeerUrl.parseTyped(url).orElseThrow(() ->
                    new ParameterException(mode.commandLine(), "--legacy-peer must look like http://host:port, not '" + url + "'")));
        }
        return new PeerDialer(password.toCharArray(), original, timeouts);
    }

    /** A server that talks to original peers must also take their calls. */
    boolean servesLegacy() {
        return server.legacy || !legacyPeers.isEmpty();
    }

    /**
     * Refuses the options of the other mode, given before PASSWORD or after the mode.
     *
     * @param why what to say after the option's name, e.g. "applies to the client only"
     */
    void refuse(CommandSpec mode, String[] names, java.util.function.Function<String, String> why) {
        for (String name : names) {
            if (spec.commandLine().getParseResult().hasMatchedOption(name) || mode.commandLine().getParseResult().hasMatchedOption(name)) {
                throw new ParameterException(mode.commandLine(), why.apply(name));
            }
        }
    }

    /**
     * Resolves '-' (the environment, else a prompt without echo) and refuses an empty password. On the
     * command line a password is visible to everyone on the machine (ps) and kept in shell history.
     */
    /** --quiet and --verbose exclude each other; the default sits between. */
    ConsoleReport.Level level(CommandSpec mode) {
        if (quiet && verbose) {
            throw new ParameterException(mode.commandLine(), "--quiet and --verbose exclude each other");
        }
        return quiet ? ConsoleReport.Level.QUIET : verbose ? ConsoleReport.Level.VERBOSE : ConsoleReport.Level.NORMAL;
    }

    void checkPassword(CommandSpec mode) {
        if (passwordFile != null) {
            if (!"-".equals(password)) {
                throw new ParameterException(mode.commandLine(), "with --password-file, give PASSWORD as '-'");
            }
            password = PasswordFile.read(passwordFile, message -> new ParameterException(mode.commandLine(), message));
        }
        if ("-".equals(password)) {
            password = System.getenv(PASSWORD_VARIABLE);
            if (password == null) {
                java.io.Console console = System.console();
                if (console == null) {
                    throw new ParameterException(mode.commandLine(),
                            "PASSWORD '-' needs $" + PASSWORD_VARIABLE + " or a terminal to ask on");
                }
                char[] typed = console.readPassword("tinyp2p password: ");
                password = typed == null ? "" : new String(typed);
            }
        }
        if (password == null || password.isEmpty()) {
            throw new ParameterException(mode.commandLine(), "PASSWORD must not be empty");
        }
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TinyP2pCommand.class.getPackage().getImplementationVersion();
            return new String[] {"tinyp2p " + (version == null ? "(development build)" : version)};
        }
    }
}
