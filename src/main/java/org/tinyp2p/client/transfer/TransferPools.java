package org.tinyp2p.client.transfer;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.tinyp2p.DaemonThreads;

/**
 * The threads and limits of one run's transfers (not the JVM's): the threads that fetch ranges and XML-RPC
 * chunks, and the one file at a time that may come as ranges. Closing it stops whatever is still running.
 */
public final class TransferPools implements AutoCloseable {
    private final ExecutorService threads = Executors.newCachedThreadPool(new DaemonThreads("tinyp2p-transfer"));
    /**
     * One file at a time comes as ranges (the others of a run go whole, from one peer each), so buffers stay
     * at most (2 x {@link RangedRunner#MAX_PEERS} + 1) x {@link RangedRunner#PIECE}, 9 MiB, whatever --parallel
     * says: four ranged files at once ran a 64 MiB heap out of memory.
     */
    private final Semaphore ranged = new Semaphore(1);

    public ExecutorService threads() {
        return threads;
    }

    boolean tryRanged() {
        return ranged.tryAcquire();
    }

    void rangedDone() {
        ranged.release();
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
