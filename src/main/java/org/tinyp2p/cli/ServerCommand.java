package org.tinyp2p.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.tinyp2p.Failure;
import org.tinyp2p.files.SharedFolder;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.server.ServerConfig;
import org.tinyp2p.server.TinyServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code PASSWORD server HOST PORT [OTHERURL]}: serve the folder until stopped (Ctrl-C). */
@Command(name = "server", mixinStandardHelpOptions = true,
        customSynopsis = TinyP2pCommand.SERVER_USAGE,
        description = "Serve the folder's files at http://HOST:PORT, joining the network through OTHERURL if given.")
final class ServerCommand implements Callable<Integer> {
    @ParentCommand
    TinyP2pCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST", description = "Address to listen on; http://HOST:PORT is this server's URL, so use one friends can reach.")
    String host;

    @Parameters(index = "1", paramLabel = "PORT", description = "Port to listen on (1-65535).")
    int port;

    @Parameters(index = "2", arity = "0..1", paramLabel = "OTHERURL", description = "A running server to join: http://host:port.")
    String otherUrl;

    @Override
    public Integer call() throws Failure, InterruptedException {
        root.checkPassword(spec);
        root.refuse(spec, ClientModeOptions.NAMES, name -> name + " applies to the client only");
        ServerModeOptions options = root.server;
        if (options.pingInterval < 0 || options.pingInterval > 86_400) {
            throw new ParameterException(spec.commandLine(), "--ping-interval must be between 0 and 86400 seconds, not " + options.pingInterval);
        }
        if (port < 1 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "PORT must be between 1 and 65535, not " + port);
        }
        PeerUrl self = PeerUrl.parse("http://" + host + ":" + port).orElseThrow(() ->
                new ParameterException(spec.commandLine(), "HOST must be a host name or IP address, not '" + host + "'"));
        Optional<PeerUrl> seed = Optional.empty();
        if (otherUrl != null) {
            seed = Optional.of(PeerUrl.parseTyped(otherUrl).orElseThrow(() ->
                    new ParameterException(spec.commandLine(), "OTHERURL must look like http://host:port, not '" + otherUrl + "'")));
        }
        org.tinyp2p.protocol.PeerDialer dialer = root.dialer(spec, org.tinyp2p.protocol.Timeouts.PATIENT);
        ConsoleReport report = new ConsoleReport(spec.commandLine().getOut(), spec.commandLine().getErr(), root.level(spec), true);
        SharedFolder folder = SharedFolder.open(root.folder(), options.flat, report);
        ServerConfig config = new ServerConfig(self.host(), port, folder, seed, root.password.toCharArray(),
                root.servesLegacy(), dialer, java.time.Duration.ofSeconds(options.pingInterval));

        TinyServer server = TinyServer.start(config, report);
        // registered before anything is printed, so that a stop right after the banner still closes cleanly
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (server.stop()) {
                report.info("Stopped " + self);
            }
            stopped.countDown();
        }, "tinyp2p-shutdown"));
        report.info("tinyp2p server at " + self + " sharing " + folder.root() + " (" + Banner.counts(shared(folder), options.flat) + ")"
                + (root.servesLegacy() ? ", original TinyP2P protocol on" : ""));
        new Banner(self, port, LaunchCommand.current()).print(report);
        folder.sharesAll(homes()).ifPresent(report::warn);
        folder.looselyWritable().ifPresent(report::warn);
        if (seed.isEmpty()) {
            report.info("Started a new network; others join with OTHERURL " + self);
        }
        server.join();
        stopped.await();
        return ExitCodes.OK;
    }

    /** Java's idea of the home folder comes from the password database; $HOME is the shell's, which may differ. */
    private static java.util.List<java.nio.file.Path> homes() {
        java.util.List<java.nio.file.Path> homes = new java.util.ArrayList<>();
        for (String home : new String[] {System.getProperty("user.home"), System.getenv("HOME")}) {
            if (home != null && !home.isEmpty()) {
                homes.add(java.nio.file.Path.of(home));
            }
        }
        return homes;
    }

    private static java.util.List<org.tinyp2p.files.SharedFile> shared(SharedFolder folder) throws Failure {
        try {
            return folder.list(name -> true);
        } catch (java.io.IOException e) {
            throw new Failure("Folder cannot be read: " + folder.root() + " (" + e.getMessage() + ")", e);
        }
    }
}
