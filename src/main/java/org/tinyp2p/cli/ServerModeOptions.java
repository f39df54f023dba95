package org.tinyp2p.cli;

import org.tinyp2p.server.ServerConfig;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The options of the server mode. Inherited, so they may stand before PASSWORD too; a client refuses them. */
final class ServerModeOptions {
    @Option(names = "--legacy", scope = ScopeType.INHERIT,
            description = "Server: also let original TinyP2P peers call, in plain HTTP on the same port (f). Weaker: their token can be replayed.")
    boolean legacy;

    @Option(names = "--ping-interval", paramLabel = "SECONDS", scope = ScopeType.INHERIT,
            description = "Server: re-ping known servers this often; one that misses 3 rounds is no longer handed out (0: never; default: ${DEFAULT-VALUE}).")
    int pingInterval = (int) ServerConfig.DEFAULT_PING_INTERVAL.toSeconds();

    @Option(names = "--flat", scope = ScopeType.INHERIT,
            description = "Server: share the files at the top of the folder only, as the original did, not its subfolders.")
    boolean flat;

    static final String[] NAMES = {"--legacy", "--ping-interval", "--flat"};
}
