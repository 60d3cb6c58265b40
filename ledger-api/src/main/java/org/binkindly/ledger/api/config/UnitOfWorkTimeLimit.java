package org.binkindly.ledger.api.config;

import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.timeout.AxonTimeoutException;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The time limit of a unit of work (a command, a processor's batch, a query, a deadline), as Axon's
 * {@code UnitOfWorkTimeoutInterceptor} keeps it, without what that costs at the start of each one: Axon
 * 4.13.0 takes the calling thread's whole stack there, only to name a class in the log of a time-out
 * that almost never comes. On a request thread that stack is Tomcat's, Spring Security's and MVC's: 3.6%
 * of the ledger's CPU under declarations (docs/stack.md, pitfall 14).
 *
 * <p>The same settings ({@code axon.timeout.transaction.*}, {@link TimeLimitConfiguration}) and the same
 * behaviour: from the warning threshold on, a warning with the thread's stack every interval; at the
 * limit the thread is interrupted and the unit of work fails with {@link AxonTimeoutException}, also
 * when a handler below swallowed the interruption, and is rolled back; one whose limit ran out while it
 * was committing is stored, and its thread is not left interrupted. A limit of zero or less means none.
 */
final class UnitOfWorkTimeLimit<T extends Message<?>> implements MessageHandlerInterceptor<T> {

    private static final Logger LOG = LoggerFactory.getLogger(UnitOfWorkTimeLimit.class);
    private static final String RESOURCE = UnitOfWorkTimeLimit.class.getName();

    private final String component;
    private final int timeoutMs;
    private final int warningThresholdMs;
    private final int warningIntervalMs;
    private final ScheduledExecutorService janitor;

    UnitOfWorkTimeLimit(String component, int timeoutMs, int warningThresholdMs, int warningIntervalMs,
            ScheduledExecutorService janitor) {
        this.component = component;
        this.timeoutMs = timeoutMs;
        this.warningThresholdMs = warningThresholdMs;
        this.warningIntervalMs = warningIntervalMs;
        this.janitor = janitor;
    }

    /** The limit in milliseconds (zero or less: none). */
    int timeoutMs() {
        return timeoutMs;
    }

    @Override
    public Object handle(UnitOfWork<? extends T> unitOfWork, InterceptorChain chain) throws Exception {
        if (timeoutMs <= 0) {
            return chain.proceed();
        }
        UnitOfWork<?> root = unitOfWork.root();
        @SuppressWarnings("unchecked")
        Limit limit = (Limit) root.resources().get(RESOURCE);
        if (limit == null) {
            // the first of the nested units of work starts the one limit of the whole
            Limit started = new Limit(Thread.currentThread());
            root.resources().put(RESOURCE, started);
            started.start();
            unitOfWork.afterCommit(committed -> started.completeAfterCommit());
            unitOfWork.onRollback(rolledBack -> started.complete());
            limit = started;
        }
        try {
            Object result = chain.proceed();
            limit.failIfInterrupted();
            return result;
        } catch (Exception e) {
            throw limit.explain(e);
        }
    }

    /**
     * One unit of work's limit, with its interceptor's settings. The janitor's thread interrupts, the handling
     * thread completes, each under the lock: once completed, the handling thread (which goes on to other work)
     * is never interrupted.
     */
    final class Limit {

        private final String task = "UnitOfWork of " + component;
        private final Thread thread;
        private long startedAtMs;
        private Future<?> next;
        private boolean completed;
        private volatile boolean interrupted;
        private boolean interruptedElsewhere;

        Limit(Thread thread) {
            this.thread = thread;
        }

        synchronized void start() {
            startedAtMs = System.currentTimeMillis();
            if (warningThresholdMs < 0 || warningThresholdMs >= timeoutMs) {
                schedule(this::interruptUnlessCompleted, timeoutMs);
            } else {
                schedule(this::warnOrInterrupt, warningThresholdMs);
            }
        }

        synchronized void complete() {
            completed = true;
            if (next != null) {
                next.cancel(false);
                next = null;
            }
        }

        /**
         * After the commit: the work is stored and stands. A limit that ran out while it committed (a JDBC write
         * does not heed interruptions) is logged, and its interruption taken off the thread, which goes on to other
         * work. (Axon's interceptor throws its time-out here, which Axon's unit of work logs and otherwise ignores.)
         */
        void completeAfterCommit() {
            complete();
            if (interrupted) {
                Thread.interrupted();
                LOG.warn("{} was committed after its limit of [{}ms] had run out; its work stands", task, timeoutMs);
            }
        }

        /**
         * The work below returned normally, but may have been interrupted all the same and caught it (an
         * event processor's error handler logs and goes on): then it did not finish what it was doing.
         */
        void failIfInterrupted() throws InterruptedException {
            if (interrupted) {
                Thread.interrupted(); // ours: cleared, reported as the time-out it was
                throw new AxonTimeoutException(task + " has timed out");
            }
            if (Thread.interrupted()) {
                // someone else's interruption: passed on as it came
                interruptedElsewhere = true;
                Thread.currentThread().interrupt();
                throw new InterruptedException(task + " was interrupted");
            }
        }

        /** What to throw for an exception from the work below, which may have been caused by our interruption. */
        Exception explain(Exception e) {
            if (interruptedElsewhere) {
                Thread.currentThread().interrupt();
                return e;
            }
            boolean threadInterrupted = Thread.interrupted();
            if (interrupted) {
                return new AxonTimeoutException(task + " has timed out.");
            }
            if (threadInterrupted || e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return new InterruptedException(task + " was interrupted.");
            }
            return e;
        }

        private void schedule(Runnable action, long delayMs) {
            next = janitor.schedule(action, delayMs, TimeUnit.MILLISECONDS);
        }

        private synchronized void warnOrInterrupt() {
            if (completed) {
                return;
            }
            long takenMs = System.currentTimeMillis() - startedAtMs;
            LOG.warn("{} on thread [{}] is taking a long time to process. Current time: [{}ms]. Will be interrupted in [{}ms].\n"
                    + "Stacktrace of current thread:\n{}", task, thread.getName(), takenMs, timeoutMs - takenMs, stackOfThread());
            if (takenMs + warningIntervalMs < timeoutMs) {
                schedule(this::warnOrInterrupt, warningIntervalMs);
            } else {
                schedule(this::interruptUnlessCompleted, Math.max(0, timeoutMs - takenMs));
            }
        }

        private synchronized void interruptUnlessCompleted() {
            if (completed || interrupted) {
                return;
            }
            LOG.error("{} has exceeded its timeout of [{}ms]. Interrupting thread.\nStacktrace of current thread:\n{}", task,
                    timeoutMs, stackOfThread());
            interrupted = true;
            thread.interrupt();
        }

        /** The thread's stack down to the unit of work that started the limit: what runs inside it. */
        private String stackOfThread() {
            StringBuilder stack = new StringBuilder();
            for (StackTraceElement element : thread.getStackTrace()) {
                stack.append(element).append('\n');
                if (element.getClassName().equals(UnitOfWorkTimeLimit.class.getName())) {
                    break;
                }
            }
            return stack.toString();
        }
    }
}
