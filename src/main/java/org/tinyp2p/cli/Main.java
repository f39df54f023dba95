package org.tinyp2p.cli;

import org.tinyp2p.protocol.xmlrpc.JvmHardening;
import java.io.PrintWriter;

/** {@code java -jar tinyp2p.jar}: see {@link TinyP2pCommand}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        JvmHardening.install(); // before any byte from a peer is read
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = CommandLineFactory.create(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
