package org.tinyp2p.cli;

import org.tinyp2p.client.ClientOptions;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The options of the client mode. Inherited, so they may stand before PASSWORD too; a server refuses them. */
final class ClientModeOptions {
    @Option(names = "--regex", scope = ScopeType.INHERIT,
            description = "Client: PATTERN is a Java regular expression found anywhere in the name, not a plain substring.")
    boolean regex;

    @Option(names = "--parallel", paramLabel = "N", scope = ScopeType.INHERIT,
            description = "Client: files downloaded at once, 1-64 (default: ${DEFAULT-VALUE}).")
    int parallel = ClientOptions.DEFAULT_PARALLEL;

    @Option(names = "--no-raw", scope = ScopeType.INHERIT,
            description = "Client: fetch through XML-RPC calls only, not the faster raw download path.")
    boolean noRaw;

    @Option(names = "--dry-run", scope = ScopeType.INHERIT,
            description = "Client: walk the network and say what would be fetched or skipped, and why; write nothing.")
    boolean dryRun;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Client: print one JSON object on stdout at the end (files, skipped, failed, peers, bytes, seconds); messages go to stderr.")
    boolean json;

    static final String[] NAMES = {"--regex", "--parallel", "--no-raw", "--dry-run", "--json"};
}
