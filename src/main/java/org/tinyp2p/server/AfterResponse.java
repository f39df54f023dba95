package org.tinyp2p.server;

import java.util.ArrayList;
import java.util.List;

/**
 * Work a method leaves for when its answer has been written (releasing what the answer holds). The XML-RPC
 * processor serialises a method's result after the method returns, on the same worker thread, so the
 * endpoint runs these once the exchange is done.
 */
final class AfterResponse {
    private static final ThreadLocal<List<Runnable>> PENDING = ThreadLocal.withInitial(ArrayList::new);

    private AfterResponse() {
    }

    static void add(Runnable task) {
        PENDING.get().add(task);
    }

    /** Runs and forgets what this thread's last request left. */
    static void runAll() {
        List<Runnable> tasks = PENDING.get();
        try {
            tasks.forEach(Runnable::run);
        } finally {
            tasks.clear();
        }
    }
}
