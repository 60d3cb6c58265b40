package org.binkindly.ledger.api.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread aggregate snapshots are taken on ({@code AlertIntakeConfiguration#aggregateSnapshotter}),
 * so no command's answer waits for one. Not an {@link java.util.concurrent.Executor} bean: one of those
 * would stand in for Spring Boot's own task executor.
 */
public final class AggregateSnapshotThread implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AggregateSnapshotThread.class);

    /** Snapshots waiting for the thread, at most; one more is left out (the aggregate is snapshotted again when the next is due). */
    private static final int QUEUED = 100;

    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUED),
            task -> {
                Thread thread = new Thread(task, "aggregate-snapshotter");
                thread.setDaemon(true);
                return thread;
            },
            (task, executor) -> log.warn("an aggregate snapshot is left out: {} are already waiting", QUEUED));

    public void execute(Runnable snapshot) {
        executor.execute(snapshot);
    }

    /** Snapshots still queued are left out; the one under way finishes. */
    @Override
    public void close() throws InterruptedException {
        executor.getQueue().clear();
        executor.shutdown();
        if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
            log.warn("an aggregate snapshot was still being taken at shutdown");
        }
    }
}
