package org.tinyp2p.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A process started as a user would, with its stdout and stderr collected as they come, so a test can wait
 * for a line and put everything the process said in its failure message.
 */
public final class RunningProcess implements AutoCloseable {
    private final Process process;
    private final String command;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final List<Thread> pumps = new ArrayList<>();

    private RunningProcess(Process process, String command) {
        this.process = process;
        this.command = command;
        pumps.add(pump(process.getInputStream(), out));
        pumps.add(pump(process.getErrorStream(), err));
    }

    public static RunningProcess start(Path dir, Map<String, String> env, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("LANG", "C.UTF-8");
        builder.environment().putAll(env);
        try {
            return new RunningProcess(builder.start(), String.join(" ", command));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Thread pump(InputStream in, StringBuffer into) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException ignored) {
                // the process went away
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until stdout or stderr holds a line matching {@code regex}. */
    public RunningProcess awaitOutput(String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex, Pattern.MULTILINE);
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (pattern.matcher(out).find() || pattern.matcher(err).find()) {
                return this;
            }
            if (!process.isAlive()) {
                joinPumps();
                if (pattern.matcher(out).find() || pattern.matcher(err).find()) {
                    return this;
                }
                throw new AssertionError("process ended (exit " + process.exitValue() + ") before printing /" + regex + "/\n" + transcript());
            }
            sleep(20);
        }
        throw new AssertionError("no /" + regex + "/ within " + timeout + "\n" + transcript());
    }

    /** Waits for the process to end and returns its exit code. */
    public int exitCode(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("still running after " + timeout + "\n" + transcript());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        joinPumps();
        return process.exitValue();
    }

    /** Asks the process to stop as Ctrl-C would (SIGTERM runs the same shutdown hooks). */
    public int stop(Duration timeout) {
        // Process.destroy() would also close our end of its pipes and lose what it says while stopping
        process.toHandle().destroy();
        return exitCode(timeout);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String stdout() {
        return out.toString();
    }

    public String stderr() {
        return err.toString();
    }

    /**
     * stderr without the warning every server on 127.0.0.1 rightly gives (friends could not reach it): what
     * is left is what should not be there.
     */
    public String stderrBeyondLoopbackWarning() {
        return err.toString().lines().filter(line -> !line.contains("is a loopback address: only this machine can reach"))
                .map(line -> line + "\n").reduce("", String::concat);
    }

    /** Everything the process said, for failure messages. */
    public String transcript() {
        return "$ " + command + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err + "---";
    }

    private void joinPumps() {
        for (Thread t : pumps) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
