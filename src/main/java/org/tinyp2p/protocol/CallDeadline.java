package org.tinyp2p.protocol;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.tinyp2p.DaemonThreads;

/**
 * The end of a call's time: runs an action (closing its connection, which unblocks the reading thread) unless the
 * call finished first. A read timeout alone never trips on a peer that trickles one byte at a time.
 */
final class CallDeadline implements AutoCloseable {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
            new DaemonThreads("tinyp2p-call-deadline"));

    private final ScheduledFuture<?> expiry;

    private CallDeadline(ScheduledFuture<?> expiry) {
        this.expiry = expiry;
    }

    static CallDeadline after(Duration time, Runnable expire) {
        return new CallDeadline(WATCHDOG.schedule(expire, time.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** The call finished: nothing happens at the deadline. */
    @Override
    public void close() {
        expiry.cancel(false);
    }
}
