package org.tinyp2p.cli;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.tinyp2p.client.Progress;

/**
 * The live display on a terminal: one bar for the whole run (bytes, rate, ETA) whose message says how many
 * files are done of how many and which are under way. Drawn by me.tongfei:progressbar; used only when the
 * client talks to a terminal, so logs and pipes stay plain.
 */
final class TerminalProgress implements Progress {
    private final PrintStream stream;
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    private final AtomicInteger done = new AtomicInteger();
    private volatile ProgressBar bar;
    private volatile int files;

    TerminalProgress(PrintStream stream) {
        this.stream = stream;
    }

    /** A live display when there is a terminal to draw it on (and the user wants output), else none. */
    static Progress forTerminal(boolean wanted) {
        return wanted && System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"))
                ? new TerminalProgress(System.err) : Progress.NONE;
    }

    @Override
    public synchronized void start(int files, long bytes) {
        if (files == 0 || bar != null) {
            return;
        }
        this.files = files;
        bar = new ProgressBarBuilder()
                .setTaskName("tinyp2p")
                .setInitialMax(bytes)
                .setUnit(" MiB", 1024 * 1024)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(stream))
                .build();
        message();
    }

    @Override
    public void fileStarted(String name, long alreadyHere) {
        active.add(name);
        ProgressBar current = bar;
        if (current != null) {
            current.stepBy(alreadyHere);
        }
        message();
    }

    @Override
    public void advance(long bytes) {
        ProgressBar current = bar;
        if (current != null) {
            current.stepBy(bytes);
        }
    }

    @Override
    public void fileDone(String name) {
        active.remove(name);
        done.incrementAndGet();
        message();
    }

    private void message() {
        ProgressBar current = bar;
        if (current != null) {
            String names = String.join(", ", active);
            current.setExtraMessage(" " + done.get() + "/" + files + " files" + (names.isEmpty() ? "" : " | " + (names.length() > 40 ? names.substring(0, 40) + "..." : names)));
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
