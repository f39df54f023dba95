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

    @Option(names = "--min-free", paramLabel = "SIZE", converter = ByteSize.class, scope = ScopeType.INHERIT,
            description = "Client: refuse a file that would leave less than SIZE free on the folder's disk, such as 500M or 2GiB"
                    + " (1024-based; 0 keeps nothing; default: 5%% of the disk, at most 64 MiB).")
    Long minFree;

    @Option(names = "--dry-run", scope = ScopeType.INHERIT,
            description = "Client: walk the network and say what would be fetched or skipped, and why; write nothing.")
    boolean dryRun;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Client: print one JSON object on stdout at the end (files, skipped, failed, peers, bytes, seconds); messages go to stderr.")
    boolean json;

    static final String[] NAMES = {"--regex", "--parallel", "--no-raw", "--min-free", "--dry-run", "--json"};
}
