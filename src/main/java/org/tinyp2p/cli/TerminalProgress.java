package org.tinyp2p.cli;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.tinyp2p.client.Progress;

/**
 * The live display on a terminal: one bar for the whole run (bytes, rate, ETA) whose message says how many
 * files are done of how many and which are under way. Drawn by me.tongfei:progressbar; used only when the
 * client talks to a terminal, so logs and pipes stay plain. A line the run prints meanwhile
 * ({@link #print}) clears the bar first and has it drawn again below, so the two never share a line.
 */
final class TerminalProgress implements Progress, ConsoleReport.LinePrinter {
    private final PrintStream stream;
    /** Guards the terminal: the bar's drawing thread and the run's lines take turns. */
    private final Object screen = new Object();
    /** Characters of the bar now on the screen (0: none). */
    private int drawn;
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
                .continuousUpdate() // also drawn again when a line was printed over it, not only when bytes came
                .setConsumer(new Drawing(new ConsoleProgressBarConsumer(stream)))
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
            // the end of a long path names the file; the line stays one line
            String names = String.join(", ", active);
            current.setExtraMessage(" " + done.get() + "/" + files + " files" + (names.isEmpty() ? "" : " | " + (names.length() > 40 ? "..." + names.substring(names.length() - 40) : names)));
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void print(Runnable printing) {
        synchronized (screen) {
            if (drawn > 0) {
                stream.print("\r" + " ".repeat(drawn) + "\r");
                stream.flush();
                drawn = 0;
            }
            printing.run();
        }
        ProgressBar current = bar;
        if (current != null) {
            current.refresh(); // drawn again under the line at once, not at the next tick
        }
    }

    /** Draws the bar as the library does, taking turns with the run's lines and noting how much it drew. */
    private final class Drawing implements ProgressBarConsumer {
        private final ConsoleProgressBarConsumer console;

        Drawing(ConsoleProgressBarConsumer console) {
            this.console = console;
        }

        @Override
        public int getMaxRenderedLength() {
            return console.getMaxRenderedLength();
        }

        @Override
        public void accept(String rendered) {
            synchronized (screen) {
                console.accept(rendered);
                drawn = Math.min(rendered.length(), Math.max(1, getMaxRenderedLength()));
            }
        }

        @Override
        public void close() {
            synchronized (screen) {
                console.close(); // ends the bar's line: what follows starts on a line of its own
                drawn = 0;
            }
        }
    }
}
