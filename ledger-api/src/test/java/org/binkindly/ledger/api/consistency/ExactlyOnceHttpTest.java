package org.binkindly.ledger.api.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Idempotency-Key and If-Match over HTTP, with the event store as the judge of what was written. */
class ExactlyOnceHttpTest extends LedgerHttpTest {

    private static final String OPERATOR = LedgerClient.ALICE_OPERATOR;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Scheduler scheduler;

    @Test
    void keysPastTheirRetentionAreForgottenByARecurringDbSchedulerTask() {
        String task = ConsistencyConfiguration.IDEMPOTENCY_KEY_CLEANUP_TASK;
        assertThat(jdbc.queryForList("select task_instance from scheduled_tasks where task_name = ?", String.class, task))
                .as("periodic work is a row in scheduled_tasks, claimed by one node").containsExactly("recurring");
        Instant now = Instant.now();
        String old = "cleanup-old-" + UUID.randomUUID();
        String fresh = "cleanup-fresh-" + UUID.randomUUID();
        insertKey(old, now.minus(30, ChronoUnit.DAYS));
        insertKey(fresh, now);

        assertThat(scheduler.reschedule(TaskInstanceId.of(task, "recurring"), Instant.now())).isTrue();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(keyExists(old)).isFalse());
        assertThat(keyExists(fresh)).isTrue();
    }

    private void insertKey(String key, Instant createdAt) {
        jdbc.update("""
                insert into idempotency_key (principal, idempotency_key, fingerprint, method, path, state, lease_until, created_at)
                values ('cleanup-test', ?, ?, 'POST', '/incidents', 'COMPLETED', ?, ?)""",
                key, "0".repeat(64), Timestamp.from(createdAt), Timestamp.from(createdAt));
    }

    private boolean keyExists(String key) {
        return jdbc.queryForObject("select count(*) from idempotency_key where idempotency_key = ?", Long.class, key) == 1;
    }

    @Test
    void aRetriedDeclarationReturnsTheFirstAnswerAndDeclaresNothingMore() {
        String scope = Incidents.freshScope();
        Map<String, Object> body = Incidents.declaration("PUBLISH_FAILURE", scope, Incidents.NOTHING_WRONG);
        String key = UUID.randomUUID().toString();

        LedgerClient.Response first = ledger.post("/incidents", OPERATOR, body, "Idempotency-Key", key);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        String retryRequestId = "retry-" + UUID.randomUUID();
        LedgerClient.Response retry = ledger.post("/incidents", OPERATOR, body, "Idempotency-Key", key, "X-Request-Id", retryRequestId);

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.text()).isEqualTo(first.text());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(incidentsIn(scope)).isEqualTo(1);
        assertThat(eventsCausedBy(retryRequestId)).isZero();
    }

    @Test
    void theSameKeyWithADifferentBodyIsRefusedAndWritesNothing() {
        String id = declare();
        String key = UUID.randomUUID().toString();
        assertThat(ledger.post("/incidents/" + id + "/evidence", OPERATOR,
                Map.of("field", "CONTAINMENT_ACTION", "action", "paused promotion"), "Idempotency-Key", key).status()).isEqualTo(200);
        String requestId = "reuse-" + UUID.randomUUID();
        LedgerClient.Response reused = ledger.post("/incidents/" + id + "/evidence", OPERATOR,
                Map.of("field", "CONTAINMENT_ACTION", "action", "something else entirely"), "Idempotency-Key", key,
                "X-Request-Id", requestId);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(eventsCausedBy(requestId)).isZero();
        assertThat(eventsOf(id, "ContainmentActionRecorded")).isEqualTo(1);
    }

    @Test
    void aDoubleClickRecordsEvidenceOnce() throws Exception {
        String id = declare();
        String key = UUID.randomUUID().toString();
        List<Callable<LedgerClient.Response>> clicks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            clicks.add(() -> ledger.post("/incidents/" + id + "/evidence", OPERATOR,
                    Map.of("field", "CONTAINMENT_ACTION", "action", "paused promotion"), "Idempotency-Key", key));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<LedgerClient.Response> answer : pool.invokeAll(clicks)) {
                LedgerClient.Response response = answer.get();
                assertThat(response.status()).as(response.toString()).isIn(200, 409);
                if (response.status() == 409) {
                    assertThat(response.code()).isEqualTo("IDEMPOTENCY_KEY_IN_USE");
                    assertThat(response.header("Retry-After")).isNotNull();
                }
            }
        } finally {
            pool.shutdown();
        }
        assertThat(eventsOf(id, "ContainmentActionRecorded")).isEqualTo(1);
        LedgerClient.Response later = ledger.post("/incidents/" + id + "/evidence", OPERATOR,
                Map.of("field", "CONTAINMENT_ACTION", "action", "paused promotion"), "Idempotency-Key", key);
        assertThat(later.status()).isEqualTo(200);
        assertThat(later.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void aRetryAfterTheCommandCommittedButNoAnswerWasKeptAnswersWithoutApplyingItAgain() {
        String scope = Incidents.freshScope();
        Map<String, Object> body = Incidents.declaration("STALE_PACK", scope, Incidents.NOTHING_WRONG);
        String key = UUID.randomUUID().toString();
        LedgerClient.Response first = ledger.post("/incidents", OPERATOR, body, "Idempotency-Key", key);
        assertThat(first.status()).isEqualTo(201);
        // as if the node had died between committing the events and keeping the answer
        jdbc.update("""
                update idempotency_key set state = 'APPLIED', response_status = null, response_body = null, lease_until = created_at
                where principal = 'alice' and idempotency_key = ?""", key);

        LedgerClient.Response retry = ledger.post("/incidents", OPERATOR, body, "Idempotency-Key", key);
        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.json().path("incidentId").asText()).isEqualTo(first.json().path("incidentId").asText());
        assertThat(incidentsIn(scope)).isEqualTo(1);
        assertThat(eventsOf(first.json().path("incidentId").asText(), "IncidentDeclared")).isEqualTo(1);
    }

    @Test
    void aRefusedRequestDoesNotUseUpItsKey() {
        String id = declare();
        String key = UUID.randomUUID().toString();
        Map<String, Object> closure = Map.of("postIncidentRecord", "all good");
        LedgerClient.Response refused = ledger.post("/incidents/" + id + "/closure", LedgerClient.OLIVIA_OWNER, closure,
                "Idempotency-Key", key);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("INCIDENT_NOT_CLOSABLE");
        assertThat(jdbc.queryForObject("select count(*) from idempotency_key where idempotency_key = ?", Long.class, key)).isZero();
        assertThat(ledger.post("/incidents/" + id + "/closure", LedgerClient.OLIVIA_OWNER, closure, "Idempotency-Key", key).code())
                .isEqualTo("INCIDENT_NOT_CLOSABLE");
    }

    @Test
    void aBadKeyIsAProblem() {
        LedgerClient.Response response = ledger.post("/incidents", OPERATOR,
                Incidents.declaration("STALE_PACK", Incidents.freshScope(), Incidents.NOTHING_WRONG), "Idempotency-Key", "x".repeat(300));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("IDEMPOTENCY_KEY_INVALID");
    }

    @Test
    void aStaleIfMatchIsRefusedWith412AndTheCurrentVersion() {
        String id = declare();
        String etag = ledger.get("/incidents/" + id, OPERATOR).header("ETag");
        assertThat(etag).isEqualTo("\"1\"");

        LedgerClient.Response fresh = ledger.post("/incidents/" + id + "/evidence", OPERATOR,
                Map.of("field", "CONTAINMENT_ACTION", "action", "paused promotion"), "If-Match", etag);
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.header("ETag")).isEqualTo("\"2\"");

        String requestId = "stale-" + UUID.randomUUID();
        LedgerClient.Response stale = ledger.post("/incidents/" + id + "/evidence", OPERATOR,
                Map.of("field", "CONTAINMENT_ACTION", "action", "paused it again"), "If-Match", etag, "X-Request-Id", requestId);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.code()).isEqualTo("PRECONDITION_FAILED");
        assertThat(stale.json().path("currentVersion").asLong()).isEqualTo(2);
        assertThat(stale.header("ETag")).isEqualTo("\"2\"");
        assertThat(eventsCausedBy(requestId)).isZero();

        assertThat(ledger.post("/incidents/" + id + "/evidence", OPERATOR,
                Map.of("field", "CONTAINMENT_ACTION", "action", "third"), "If-Match", "\"1\", \"2\"").status()).isEqualTo(200);
        assertThat(ledger.post("/incidents/" + id + "/evidence", OPERATOR,
                Map.of("field", "CONTAINMENT_ACTION", "action", "fourth"), "If-Match", "*").status()).isEqualTo(200);
        LedgerClient.Response garbage = ledger.post("/incidents/" + id + "/evidence", OPERATOR,
                Map.of("field", "CONTAINMENT_ACTION", "action", "fifth"), "If-Match", "yesterday's");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.code()).isEqualTo("IF_MATCH_INVALID");
    }

    @Test
    void concurrentCommandsOnOneIncidentAllLandInOrder() throws Exception {
        String id = declare();
        List<Callable<LedgerClient.Response>> writers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String action = "containment step " + i;
            writers.add(() -> ledger.post("/incidents/" + id + "/evidence", OPERATOR, Map.of("field", "CONTAINMENT_ACTION", "action", action)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<LedgerClient.Response> answer : pool.invokeAll(writers)) {
                assertThat(answer.get().status()).as(answer.get().toString()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(eventsOf(id, "ContainmentActionRecorded")).isEqualTo(16);
        List<Long> sequence = jdbc.queryForList(
                "select sequence_number from domain_event_entry where aggregate_identifier = ? order by sequence_number", Long.class, id);
        for (int i = 0; i < sequence.size(); i++) {
            assertThat(sequence.get(i)).isEqualTo(i);
        }
        JsonNode view = Incidents.expectOk(ledger.get("/incidents/" + id, OPERATOR));
        assertThat(view.path("containmentActions")).hasSize(16);
        assertThat(view.path("version").asLong()).isEqualTo(sequence.size() - 1);
    }

    private String declare() {
        return new Incidents(ledger).declare("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG)
                .path("incidentId").asText();
    }

    private long incidentsIn(String scope) {
        return jdbc.queryForObject("""
                select count(*) from domain_event_entry
                where payload_type like '%.IncidentDeclared' and convert_from(payload, 'UTF8')::jsonb ->> 'scope' = ?""",
                Long.class, scope);
    }

    private long eventsCausedBy(String requestId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where convert_from(meta_data, 'UTF8')::jsonb ->> 'requestId' = ?",
                Long.class, requestId);
    }

    private long eventsOf(String aggregateId, String type) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? and payload_type like ?",
                Long.class, aggregateId, "%." + type);
    }
}
