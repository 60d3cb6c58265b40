package org.binkindly.ledger.api.consistency;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RuleCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one retry layer, on a real Axon command bus and gateway: a command that lost a race (an append or the
 * creation of its aggregate) is sent again until it lands, anything else is answered at once.
 */
class ConflictRetriesTest {

    private static final int MAX_RETRIES = 3;

    record Write(String id) {
    }

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger handled = new AtomicInteger();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aCommandThatLostTheRaceToCreateItsAggregateIsRetriedAndLands() {
        CommandGateway gateway = gatewayFailingWith(new AggregateStreamCreationException("created by the other node"));

        assertThat((String) gateway.sendAndWait(new Write("a"))).isEqualTo("written a");
        assertThat(handled).hasValue(2);
        assertThat(retried()).isEqualTo(1.0);
    }

    @Test
    void aCommandThatLostAnAppendIsRetriedAgainstTheWinnersState() {
        CommandGateway gateway = gatewayFailingWith(new ConcurrencyException("sequence 3 taken"),
                new ConcurrencyException("sequence 4 taken"));

        assertThat((String) gateway.sendAndWait(new Write("b"))).isEqualTo("written b");
        assertThat(handled).hasValue(3);
        assertThat(retried()).isEqualTo(2.0);
    }

    @Test
    void aRuleViolationIsAnsweredAtOnce() {
        CommandGateway gateway = gatewayFailingWith(new LedgerRuleViolation(RuleCode.INCIDENT_CLOSED, "closed"));

        assertThatThrownBy(() -> gateway.sendAndWait(new Write("c"))).isInstanceOf(LedgerRuleViolation.class);
        assertThat(handled).hasValue(1);
        assertThat(retried()).isZero();
    }

    @Test
    void aRaceLostOnEveryAttemptSurfacesAfterTheBoundedRetries() {
        RuntimeException[] always = new RuntimeException[MAX_RETRIES + 5];
        for (int i = 0; i < always.length; i++) {
            always[i] = new ConcurrencyException("sequence taken again");
        }
        CommandGateway gateway = gatewayFailingWith(always);

        assertThatThrownBy(() -> gateway.sendAndWait(new Write("d"))).isInstanceOf(ConcurrencyException.class);
        assertThat(handled).hasValue(MAX_RETRIES + 1);
        assertThat(retried()).isEqualTo(MAX_RETRIES);
    }

    private CommandGateway gatewayFailingWith(RuntimeException... failures) {
        Deque<RuntimeException> pending = new ArrayDeque<>(List.of(failures));
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(Write.class.getName(), message -> {
            handled.incrementAndGet();
            RuntimeException failure = pending.poll();
            if (failure != null) {
                throw failure;
            }
            return "written " + ((Write) message.getPayload()).id();
        });
        return DefaultCommandGateway.builder()
                .commandBus(bus)
                .retryScheduler(new ConflictRetries(executor, MAX_RETRIES, meters))
                .build();
    }

    private double retried() {
        return meters.get("ledger.commands.conflicts.retried").counter().count();
    }
}
