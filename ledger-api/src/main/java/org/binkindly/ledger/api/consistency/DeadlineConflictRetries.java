package org.binkindly.ledger.api.consistency;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What db-scheduler does with a deadline that failed. A deadline that lost a race for its aggregate (two objective
 * timers of one rebind falling due together and fired on two nodes: both load the rebind, one appends first; on one
 * node Axon's lock on the aggregate keeps them apart) is tried again within about a second, so the breach it records is not late; the retry reloads the
 * aggregate and judges against what the winner wrote. Any other failure is retried {@code later}, as db-scheduler
 * would by default: a rule or storage failure is not cured in a second.
 *
 * <p>Deadlines do not go through the command gateway, so {@link ConflictRetries} never sees them: without this,
 * Axon's deadline task keeps db-scheduler's default and the losing timer's breach was recorded five minutes late.
 */
class DeadlineConflictRetries<T> implements FailureHandler<T> {

    private static final Logger log = LoggerFactory.getLogger(DeadlineConflictRetries.class);

    private final int maxConflictRetries;
    private final FailureHandler<T> later;
    private final Counter retried;

    DeadlineConflictRetries(int maxConflictRetries, FailureHandler<T> later, MeterRegistry meters) {
        this.maxConflictRetries = maxConflictRetries;
        this.later = later;
        this.retried = Counter.builder("ledger.deadlines.conflicts.retried")
                .description("deadlines fired again at once after losing a race for their aggregate to another writer")
                .register(meters);
    }

    @Override
    public void onFailure(ExecutionComplete complete, ExecutionOperations<T> operations) {
        int failedBefore = complete.getExecution().consecutiveFailures;
        boolean conflict = complete.getCause().map(ConflictRetries::isConflict).orElse(false);
        if (conflict && failedBefore < maxConflictRetries) {
            // spread the losers out, so they do not collide again on the same beat; the next poll picks it up
            Duration delay = Duration.ofMillis(100L * (failedBefore + 1) + ThreadLocalRandom.current().nextLong(200));
            log.info("Deadline {} lost a race for its aggregate; firing it again in {} ms",
                    complete.getExecution().taskInstance, delay.toMillis());
            retried.increment();
            operations.reschedule(complete, complete.getTimeDone().plus(delay));
            return;
        }
        later.onFailure(complete, operations);
    }
}
