package org.tinyp2p.cli;

import java.util.concurrent.Callable;
import java.util.regex.PatternSyntaxException;
import org.tinyp2p.Failure;
import org.tinyp2p.client.ClientOptions;
import org.tinyp2p.client.ClientRun;
import org.tinyp2p.client.Progress;
import org.tinyp2p.client.RunSummary;
import org.tinyp2p.files.NameMatcher;
import org.tinyp2p.files.DownloadFolder;
import org.tinyp2p.peer.PeerUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code PASSWORD client SERVERURL PATTERN}: fetch every matching file of the network that is not here yet. */
@Command(name = "client", mixinStandardHelpOptions = true,
        customSynopsis = TinyP2pCommand.CLIENT_USAGE,
        description = "Download into the folder every file of the network whose name contains PATTERN and is not already there.")
final class ClientCommand implements Callable<Integer> {
    @ParentCommand
    TinyP2pCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SERVERURL", description = "A server of the network, http://host:port.")
    String serverUrl;

    @Parameters(index = "1", paramLabel = "PATTERN", description = "Part of the names to fetch ('' for all); with --regex, a regular expression.")
    String pattern;

    @Override
    public Integer call() throws Failure, InterruptedException {
        root.checkPassword(spec);
        root.level(spec);
        root.refuse(spec, ServerModeOptions.NAMES, name -> name.equals("--legacy")
                ? "--legacy is for servers; name an original TinyP2P peer with --legacy-peer URL"
                : name + " applies to servers only");
        ClientModeOptions mode = root.client;
        PeerUrl start = PeerUrl.parseTyped(serverUrl).orElseThrow(() ->
                new ParameterException(spec.commandLine(), "SERVERURL must look like http://host:port, not '" + serverUrl + "'"));
        NameMatcher matcher = matcher(mode);
        if (mode.parallel < 1 || mode.parallel > ClientOptions.MAX_PARALLEL) {
            throw new ParameterException(spec.commandLine(), "--parallel must be between 1 and " + ClientOptions.MAX_PARALLEL + ", not " + mode.parallel);
        }
        org.tinyp2p.protocol.PeerDialer dialer = root.dialer(spec, org.tinyp2p.protocol.Timeouts.DEFAULT);
        DownloadFolder folder = DownloadFolder.open(root.folder());
        java.io.PrintWriter out = spec.commandLine().getOut();
        java.io.PrintWriter err = spec.commandLine().getErr();
        // with --json, stdout carries the JSON only
        ConsoleReport report = new ConsoleReport(mode.json ? err : out, err, root.level(spec), false);
        folder.looselyWritable().ifPresent(report::warn);
        ClientOptions options = new ClientOptions(folder, matcher, mode.parallel, !mode.noRaw, mode.dryRun,
                mode.minFree == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(mode.minFree));
        RunSummary summary;
        try (Progress progress = TerminalProgress.forTerminal(!root.quiet && !mode.json && !mode.dryRun)) {
            if (progress instanceof TerminalProgress live) {
                report.showWith(live);
            }
            summary = new ClientRun(dialer, options, report, progress).run(start);
        }
        return finish(summary, report, mode);
    }

    /** PATTERN as the user meant it: a substring, or with --regex a regular expression. */
    private NameMatcher matcher(ClientModeOptions mode) {
        try {
            return mode.regex ? NameMatcher.regex(pattern) : NameMatcher.substring(pattern);
        } catch (PatternSyntaxException e) {
            throw new ParameterException(spec.commandLine(), "PATTERN is not a valid regular expression: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }

    /** The summary line (and JSON), a line per failed file, and the exit code they make. */
    private int finish(RunSummary summary, ConsoleReport report, ClientModeOptions mode) {
        java.io.PrintWriter out = spec.commandLine().getOut();
        java.io.PrintWriter err = spec.commandLine().getErr();
        report.info((mode.dryRun ? "Dry run: " : "Done: ") + summary.describe());
        if (mode.json) {
            out.println(JsonSummary.of(summary));
            out.flush();
        }
        if (!summary.succeeded()) {
            for (String line : summary.failureLines()) {
                err.println("tinyp2p: failed: " + line);
            }
            err.flush();
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }
}
