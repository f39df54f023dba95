package org.tinyp2p.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.tinyp2p.Report;
import org.tinyp2p.peer.PeerUrl;

/**
 * What a server says when it starts, so that a friend can simply paste it: the command to join and the
 * command to download, with the password as '-' (read from $TINYP2P_PASSWORD or asked for) rather than
 * echoed. Warns when the URL is one friends cannot use.
 */
final class Banner {
    private final PeerUrl self;
    private final int port;
    private final String command;

    Banner(PeerUrl self, int port, String command) {
        this.self = self;
        this.port = port;
        this.command = command;
    }

    void print(Report report) {
        report.info("  to join:     " + command + " - server THEIRHOST " + port + " " + self);
        report.info("  to download: " + command + " - client " + self + " PATTERN");
        report.info("  ('-' reads the password from $" + TinyP2pCommand.PASSWORD_VARIABLE + ", or asks for it)");
        String host = self.host();
        if (host.equals("0.0.0.0") || host.equals("[::]")) {
            report.warn(host + " listens on every address but is not an address anyone can reach: peers are told " + self
                    + "; start with this machine's LAN address instead");
        } else if (isLoopback(host)) {
            report.warn(host + " is a loopback address: only this machine can reach " + self
                    + "; friends need this machine's LAN address");
        }
    }

    /**
     * How much is shared, for the first line: "2 files", or "1,234 files in 56 folders" when they lie in more
     * than one folder (counting those that hold a shared file, the top among them), since sharing a tree
     * shares more than a glance at the folder shows.
     */
    static String counts(java.util.List<org.tinyp2p.files.SharedFile> files, boolean flat) {
        java.util.Set<String> folders = new java.util.HashSet<>();
        for (org.tinyp2p.files.SharedFile file : files) {
            int slash = file.name().lastIndexOf('/');
            folders.add(slash < 0 ? "" : file.name().substring(0, slash));
        }
        String counted = String.format(java.util.Locale.ROOT, "%,d file%s", files.size(), files.size() == 1 ? "" : "s");
        if (folders.size() > 1) {
            counted += String.format(java.util.Locale.ROOT, " in %,d folders", folders.size());
        }
        return flat ? counted + ", top level only" : counted;
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
