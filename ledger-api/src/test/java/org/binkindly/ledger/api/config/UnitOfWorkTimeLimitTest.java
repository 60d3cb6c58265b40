package org.binkindly.ledger.api.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.timeout.AxonTimeoutException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The unit of work's time limit, run on Axon's own unit of work with a real scheduler: work past the
 * limit is interrupted and fails as a time-out, also when it swallowed the interruption; work within it
 * leaves its thread alone afterwards; warnings come from the threshold on; nested units share one limit.
 */
class UnitOfWorkTimeLimitTest {

    /** Names this test's limits apart from the running application's, in what they log. */
    private static final String TEST = "UnitOfWorkTimeLimitTest ";

    private final ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(UnitOfWorkTimeLimit.class);

    @BeforeEach
    void listen() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(logged);
        janitor.shutdownNow();
        Thread.interrupted();
    }

    @Test
    void workPastTheLimitIsInterruptedAndFailsAsATimeOut() {
        UnitOfWorkTimeLimit<Message<?>> limit = new UnitOfWorkTimeLimit<>(TEST + "CommandBus", 200, -1, 0, janitor);
        long started = System.nanoTime();

        assertThatThrownBy(() -> run(limit, () -> {
            Thread.sleep(30_000);
            return "finished";
        })).isInstanceOf(AxonTimeoutException.class).hasMessageContaining("UnitOfWork of " + TEST + "CommandBus has timed out");

        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).as("seconds until interrupted").isLessThan(20);
        assertThat(Thread.currentThread().isInterrupted()).as("our interruption is not left on the thread").isFalse();
        assertThat(messages(Level.ERROR)).singleElement().asString().contains("has exceeded its timeout of [200ms]");
    }

    @Test
    void anInterruptionTheWorkSwallowedStillFailsIt() {
        UnitOfWorkTimeLimit<Message<?>> limit = new UnitOfWorkTimeLimit<>(TEST + "EventProcessor views", 200, -1, 0, janitor);

        // as an event processor's logging error handler does: the interruption caught, the batch "done"
        assertThatThrownBy(() -> run(limit, () -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException swallowed) {
                return "carried on";
            }
            return "finished";
        })).isInstanceOf(AxonTimeoutException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void workWithinTheLimitLeavesItsThreadAloneAfterwards() throws Exception {
        UnitOfWorkTimeLimit<Message<?>> limit = new UnitOfWorkTimeLimit<>(TEST + "CommandBus", 300, 100, 100, janitor);

        assertThat(run(limit, () -> "answered")).isEqualTo("answered");

        // the thread goes on to other work past the limit: it is neither interrupted nor warned about
        Thread.sleep(900);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(ours()).isEmpty();
    }

    @Test
    void slowWorkIsWarnedAboutFromTheThresholdWithWhatTheThreadIsDoing() {
        UnitOfWorkTimeLimit<Message<?>> limit = new UnitOfWorkTimeLimit<>(TEST + "QueryBus", 1_500, 100, 200, janitor);

        assertThatThrownBy(() -> run(limit, () -> {
            Thread.sleep(30_000);
            return "finished";
        })).isInstanceOf(AxonTimeoutException.class);

        List<String> warnings = messages(Level.WARN);
        assertThat(warnings).hasSizeGreaterThanOrEqualTo(2).allSatisfy(warning -> assertThat(warning)
                .contains("UnitOfWork of " + TEST + "QueryBus on thread [" + Thread.currentThread().getName() + "] is taking a long time")
                .contains("java.lang.Thread.sleep")
                .contains(UnitOfWorkTimeLimitTest.class.getName()));
        assertThat(messages(Level.ERROR)).hasSize(1);
    }

    /**
     * The limit runs out while the work commits (a JDBC write does not heed interruptions): it is stored and
     * answered, and the pooled thread does not carry the interruption into its next piece of work.
     */
    @Test
    void workWhoseLimitRunsOutWhileItCommitsStandsAndItsThreadIsLeftAlone() throws Exception {
        UnitOfWorkTimeLimit<Message<?>> limit = new UnitOfWorkTimeLimit<>(TEST + "CommandBus", 200, -1, 0, janitor);

        Object answer = run(limit, () -> {
            CurrentUnitOfWork.get().onPrepareCommit(committing -> {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait(); // deaf to interruptions, as a socket write is
                }
            });
            return "answered";
        });

        assertThat(answer).isEqualTo("answered");
        assertThat(Thread.currentThread().isInterrupted()).as("our interruption taken off the thread").isFalse();
        assertThat(messages(Level.WARN)).singleElement().asString().contains("was committed after its limit of [200ms] had run out");
    }

    @Test
    void anInterruptionFromElsewhereIsPassedOnAsItCame() {
        UnitOfWorkTimeLimit<Message<?>> limit = new UnitOfWorkTimeLimit<>(TEST + "CommandBus", 60_000, -1, 0, janitor);

        assertThatThrownBy(() -> run(limit, () -> {
            Thread.currentThread().interrupt();
            return "finished";
        })).isInstanceOf(InterruptedException.class).hasMessageContaining("was interrupted");
        assertThat(Thread.interrupted()).as("the interruption stays on the thread").isTrue();
        assertThat(ours()).isEmpty();
    }

    @Test
    void aNestedUnitOfWorkRunsUnderTheOuterOnesLimitNotItsOwn() throws Exception {
        // a command sent from a processor's batch: the batch's limit governs it, not the command bus's shorter one
        UnitOfWorkTimeLimit<Message<?>> batchLimit = new UnitOfWorkTimeLimit<>(TEST + "EventProcessor policies", 60_000, -1, 0, janitor);
        UnitOfWorkTimeLimit<Message<?>> commandLimit = new UnitOfWorkTimeLimit<>(TEST + "CommandBus", 200, -1, 0, janitor);

        Object answer = run(batchLimit, () -> {
            DefaultUnitOfWork<Message<?>> command = DefaultUnitOfWork.startAndGet(new GenericMessage<>("command"));
            var result = command.executeWithResult(() -> commandLimit.handle(command, chain(() -> {
                Thread.sleep(600);
                return "command handled";
            })));
            return result.isExceptional() ? result.exceptionResult() : result.getPayload();
        });

        assertThat(answer).isEqualTo("command handled");
        assertThat(ours()).isEmpty();
    }

    private static Object run(UnitOfWorkTimeLimit<Message<?>> limit, Callable<Object> work) throws Exception {
        DefaultUnitOfWork<Message<?>> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>("command"));
        var result = unitOfWork.executeWithResult(() -> limit.handle(unitOfWork, chain(work)));
        if (result.isExceptional()) {
            throw (Exception) result.exceptionResult();
        }
        return result.getPayload();
    }

    private static InterceptorChain chain(Callable<Object> work) {
        return work::call;
    }

    private List<String> messages(Level level) {
        return ours().stream().filter(event -> event.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** What this test's limits logged: an application another test left running in this JVM logs through the same logger. */
    private List<ILoggingEvent> ours() {
        return logged.list.stream().filter(event -> event.getFormattedMessage().contains("UnitOfWork of " + TEST)).toList();
    }
}
