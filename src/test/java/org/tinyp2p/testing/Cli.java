package org.tinyp2p.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.tinyp2p.cli.CommandLineFactory;

/** Runs the command line in this JVM, through the same factory as main, and keeps what it printed. */
public final class Cli {
    public record Result(int exitCode, String out, String err) {
        public String transcript() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err + "---";
        }
    }

    private Cli() {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CommandLineFactory.create(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
