package org.tinyp2p.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {
    @Test
    void aLineTheRunPrintsClearsTheBarFirstAndTheBarIsDrawnAgainBelowIt() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PrintStream terminal = new PrintStream(screen, true, StandardCharsets.UTF_8);
        ConsoleReport report = new ConsoleReport(new PrintWriter(terminal), new PrintWriter(terminal), ConsoleReport.Level.NORMAL, false);
        try (TerminalProgress progress = new TerminalProgress(terminal)) {
            report.showWith(progress);
            progress.start(2, 10L << 20);
            progress.fileStarted("big.bin", 0);
            progress.advance(1L << 20);
            progress.print(() -> { }); // nothing printed: only makes sure the bar has been drawn
            String before = screen.toString(StandardCharsets.UTF_8);
            assertTrue(before.contains("tinyp2p"), "the bar is drawn: " + before);
            report.info("Fetched 'big.bin' (10485760 bytes) from http://127.0.0.1:1");
            String after = screen.toString(StandardCharsets.UTF_8).substring(before.length());
            for (long end = System.nanoTime() + 5_000_000_000L; !after.contains("\n\rtinyp2p") && System.nanoTime() < end; ) {
                Thread.sleep(20); // the bar is drawn again on its own thread
                after = screen.toString(StandardCharsets.UTF_8).substring(before.length());
            }
            int line = after.indexOf("Fetched 'big.bin'");
            assertTrue(line > 0, after);
            String cleared = after.substring(0, line);
            // the bar's own thread may have drawn it again meanwhile; what comes right before the line is the blanking
            assertTrue(cleared.matches("(?s).*\r +\r"), "the bar is blanked out and the line starts at column 0: " + visible(cleared));
            assertTrue(after.substring(line).contains("\n\rtinyp2p"), "the bar comes back below the line: " + visible(after));
        }
        String all = screen.toString(StandardCharsets.UTF_8);
        for (String line : all.split("\n")) {
            assertFalse(line.contains("Fetched") && line.indexOf("Fetched") > 0 && !line.substring(0, line.indexOf("Fetched")).endsWith("\r"),
                    "a line starts on a line of its own: " + visible(line));
        }
    }

    private static String visible(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }
}
