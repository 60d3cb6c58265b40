package org.binkindly.ledger.api.rebind;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.Registration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.core.rebind.Objective;
import org.binkindly.ledger.core.rebind.ObjectiveBreached;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two objective timers of one rebind falling due together and fired on two nodes race for the rebind: both load
 * it, one appends its breach first, and the other's append conflicts. (On one node they cannot race: Axon locks an
 * aggregate for the whole unit of work.) Here the other node's append is made by hand, through the event store,
 * the event that node's timer records, between this timer's load and its own append. The loser is fired again at
 * once and records its breach too, not five minutes later (db-scheduler's default retry for a failed task).
 */
class ObjectiveTimerRaceTest extends LedgerHttpTest {

    @Autowired
    private DeadlineManager deadlines;
    @Autowired
    private EventStore eventStore;
    @Autowired
    private MeterRegistry meters;
    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void theTimerThatLostTheRaceForItsRebindRecordsItsBreachWithinSeconds() {
        String scope = Incidents.freshScope();
        // the rebind's timers carry the request id of the command that started it: other rebinds' timers, due in
        // this shared application at the same moment, are left alone
        String requestId = "objective-race-" + UUID.randomUUID();
        AtomicReference<String> loser = new AtomicReference<>();
        AtomicReference<String> otherNodeWrote = new AtomicReference<>();
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger committed = new AtomicInteger();
        Registration interceptor = deadlines.registerHandlerInterceptor((unitOfWork, chain) -> {
            unitOfWork.afterCommit(done -> committed.incrementAndGet()); // every deadline's, as the metric counts
            String name = unitOfWork.getMessage().getDeadlineName();
            if (requestId.equals(unitOfWork.getMessage().getMetaData().get(MetadataKeys.REQUEST_ID))) {
                attempts.incrementAndGet();
                // the first of the rebind's timers to get this far loaded it before anything was breached: Axon's lock
                // on the rebind keeps the other timer out until it is done (on entry, the two may come in either order)
                unitOfWork.onPrepareCommit(beforeItsAppend -> {
                    if (loser.compareAndSet(null, name)) {
                        otherNodeWrote.set(breachOnTheOtherNode(scope, name));
                    }
                });
            }
            return chain.proceed();
        });
        double retriedBefore = counted("ledger.deadlines.conflicts.retried");
        double firedBefore = counted("ledger.deadlines.fired");
        try {
            // confirmed 31 minutes ago: the restore (15 min) and integrity (30 min) objectives are both already due
            LedgerClient.Response started = ledger.post("/rebinds", LedgerClient.ALICE_OPERATOR, Map.of(
                    "scope", scope, "mode", "MANUAL", "drill", true,
                    "badPublishConfirmedAt", Instant.now().minus(31, ChronoUnit.MINUTES).toString()), "X-Request-Id", requestId);
            assertThat(started.status()).as(started.toString()).isEqualTo(201);
            String location = started.header("Location");
            String rebindId = location.substring(location.lastIndexOf('/') + 1);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Incidents.expectOk(
                    ledger.get(location, LedgerClient.ALICE_OPERATOR)).path("rebind").path("breaches").size()).isEqualTo(2));

            assertThat(otherNodeWrote.get()).as("the other node's breach was appended while the first timer held its load")
                    .isEqualTo(rebindId);
            assertThat(counted("ledger.deadlines.conflicts.retried") - retriedBefore).as("the loser was fired again").isPositive();
            assertThat(jdbc.queryForList("""
                    select convert_from(payload, 'UTF8')::jsonb ->> 'objective' from domain_event_entry
                    where aggregate_identifier = ? and payload_type like '%.ObjectiveBreached'""", String.class, rebindId))
                    .containsExactlyInAnyOrder("RESTORE", "INTEGRITY");
            // the loser's first attempt, its retry, and the other timer (which finds its objective breached already)
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(attempts.get()).isEqualTo(3));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(counted("ledger.deadlines.fired") - firedBefore)
                    .as("a deadline is counted once it commits, not per attempt").isEqualTo(committed.get()));
        } finally {
            interceptor.cancel();
        }
    }

    /**
     * What the other node's timer appends: the breach of the objective this node's timer is not about, at the
     * rebind's next sequence number. On its own thread, outside this timer's unit of work (as on another node).
     */
    private String breachOnTheOtherNode(String scope, String losingTimer) {
        Objective other = losingTimer.contains("restore") ? Objective.INTEGRITY : Objective.RESTORE;
        return CompletableFuture.supplyAsync(() -> {
            Map<String, Object> started = jdbc.queryForMap("""
                    select aggregate_identifier, type, convert_from(payload, 'UTF8')::jsonb as payload from domain_event_entry
                    where payload_type like '%.RebindStarted' and convert_from(payload, 'UTF8')::jsonb ->> 'scope' = ?""", scope);
            String rebindId = (String) started.get("aggregate_identifier");
            String deadlineField = other == Objective.RESTORE ? "restoreDeadline" : "integrityDeadline";
            Instant deadline = Instant.parse(jdbc.queryForObject("select (?::jsonb) ->> ?", String.class,
                    started.get("payload").toString(), deadlineField));
            long next = eventStore.lastSequenceNumberFor(rebindId).orElseThrow() + 1;
            eventStore.publish(new GenericDomainEventMessage<>((String) started.get("type"), rebindId, next,
                    new ObjectiveBreached(RebindId.of(rebindId), other, deadline),
                    MetaData.with(MetadataKeys.ACTOR, "ledger:rebind-objective-timer").and(MetadataKeys.ACTOR_SOURCE, "ledger")));
            return rebindId;
        }).orTimeout(10, TimeUnit.SECONDS).join();
    }

    private double counted(String name) {
        return meters.find(name).counters().stream().mapToDouble(counter -> counter.count()).sum();
    }
}
