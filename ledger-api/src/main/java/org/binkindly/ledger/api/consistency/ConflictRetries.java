package org.binkindly.ledger.api.consistency;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.Nonnull;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Retries a command that lost a race for its aggregate (another node appended the same sequence
 * number first, or created the aggregate first). The retry reloads the aggregate, so the rules are
 * checked against what the winner wrote: nothing is lost and nothing doubled. Any other failure is
 * answered at once; a rule violation would only fail again.
 *
 * <p>This is the ledger's one retry layer for write conflicts. Every sender (controllers, the alert
 * intake, policies, the stale-pack watch) sends through the command gateway this is installed on, so
 * the retries live here, are bounded by one setting and counted by one metric; a loop in a caller
 * would multiply the attempts.
 */
class ConflictRetries implements RetryScheduler {

    private final ScheduledExecutorService executor;
    private final int maxRetries;
    private final Counter retried;

    ConflictRetries(ScheduledExecutorService executor, int maxRetries, MeterRegistry meters) {
        this.executor = executor;
        this.maxRetries = maxRetries;
        this.retried = Counter.builder("ledger.commands.conflicts.retried")
                .description("commands retried after losing a race for their aggregate to another writer")
                .register(meters);
    }

    @Override
    public boolean scheduleRetry(@Nonnull CommandMessage commandMessage, @Nonnull RuntimeException lastFailure,
                                 @Nonnull List<Class<? extends Throwable>[]> failures, @Nonnull Runnable dispatchTask) {
        if (!isConflict(lastFailure) || failures.size() > maxRetries) {
            return false;
        }
        // spread the losers out, so they do not collide again on the same beat
        long delay = 10L * failures.size() + ThreadLocalRandom.current().nextLong(20);
        executor.schedule(dispatchTask, delay, TimeUnit.MILLISECONDS);
        retried.increment();
        return true;
    }

    static boolean isConflict(Throwable failure) {
        for (Throwable current = failure; current != null; current = current.getCause()) {
            // a creation race: the retry of a create-if-missing command attaches to what the winner created;
            // a create-only command fails again the same way and is answered as before
            if (current instanceof ConcurrencyException || current instanceof AggregateStreamCreationException) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }
}
