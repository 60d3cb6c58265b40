package org.binkindly.ledger.api.failure;

import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerNodes;
import org.binkindly.ledger.api.support.SharedDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL stopped and started again while the ledger is busy: requests during the outage get
 * 503 with Retry-After, never a 500; the ledger recovers by itself, without a restart; nothing it
 * acknowledged is lost; its views converge to a rebuild from the log.
 */
class DatabaseOutageTest {

    private static final String OPERATOR = LedgerClient.ALICE_OPERATOR;

    @TempDir
    Path work;

    record Answer(String requestId, String path, int status, String retryAfter, String code, long at) {
    }

    @Test
    void anOutageIsA503AndTheLedgerRecoversByItselfLosingNothing() throws Exception {
        try (SharedDatabase database = new SharedDatabase(work.resolve("postgres"))) {
            ConfigurableApplicationContext node = LedgerNodes.start(database, work.resolve("node"));
            try {
                LedgerClient ledger = LedgerNodes.client(node);
                String incident = new Incidents(ledger).declare("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG)
                        .path("incidentId").asText();
                // a managed token (looked up in PostgreSQL) with Idempotency-Keys (kept in PostgreSQL): the filters meet the outage too
                String managed = ledger.post("/admin/tokens", LedgerClient.ROOT_ADMIN, Map.of("name", "dora", "roles", List.of("OPERATOR")))
                        .json().path("token").asText();
                ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
                AtomicBoolean running = new AtomicBoolean(true);
                ExecutorService load = Executors.newFixedThreadPool(4);
                load.submit(() -> keepDoing(running, answers, () -> {
                    String requestId = "k-" + UUID.randomUUID();
                    return answer(requestId, "/incidents", ledger.post("/incidents", managed,
                            Incidents.declaration("STALE_PACK", Incidents.freshScope(), Incidents.NOTHING_WRONG),
                            "X-Request-Id", requestId, "Idempotency-Key", UUID.randomUUID().toString()));
                }));
                load.submit(() -> keepDoing(running, answers, () -> call(ledger, "/incidents",
                        Incidents.declaration("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG))));
                load.submit(() -> keepDoing(running, answers, () -> call(ledger, "/incidents/" + incident + "/evidence",
                        Map.of("field", "CONTAINMENT_ACTION", "action", "step " + UUID.randomUUID()))));
                load.submit(() -> keepDoing(running, answers, () -> {
                    String requestId = "g-" + UUID.randomUUID();
                    return answer(requestId, "/board", ledger.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(ledger.base() + "/board")).header("X-Request-Id", requestId).GET(), OPERATOR));
                }));

                await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() >= 20);
                database.stop();
                long stopped = System.nanoTime();
                await().atMost(Duration.ofSeconds(60)).until(() -> answers.stream().filter(a -> a.at() > stopped && a.status() == 503).count() >= 10);
                database.start();
                long restarted = System.nanoTime();
                await().atMost(Duration.ofSeconds(120)).until(() ->
                        answers.stream().filter(a -> a.at() > restarted && a.status() / 100 == 2 && a.path().startsWith("/incidents")).count() >= 10);
                running.set(false);
                load.shutdown();
                assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

                List<Answer> all = List.copyOf(answers);
                System.out.printf("database outage under load: %d answers, %d of them 503, %d 2xx after the restart%n", all.size(),
                        all.stream().filter(a -> a.status() == 503).count(),
                        all.stream().filter(a -> a.at() > restarted && a.status() / 100 == 2).count());
                assertThat(all).allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isIn(200, 201, 503));
                assertThat(all).filteredOn(answer -> answer.status() == 503).allSatisfy(answer -> {
                    assertThat(answer.retryAfter()).as(answer.toString()).isNotBlank();
                    assertThat(answer.code()).as(answer.toString()).isEqualTo("SERVICE_UNAVAILABLE");
                });

                JdbcTemplate jdbc = node.getBean(JdbcTemplate.class);
                for (Answer answer : all) {
                    if (answer.status() / 100 == 2 && answer.path().startsWith("/incidents")) {
                        assertThat(LedgerNodes.eventsCausedBy(jdbc, answer.requestId())).as("events of acknowledged %s", answer).isPositive();
                    }
                }
                LedgerNodes.assertViewsEqualARebuild(node);
            } finally {
                node.close();
            }
        }
    }

    private static Answer call(LedgerClient ledger, String path, Map<String, Object> body) {
        String requestId = "w-" + UUID.randomUUID();
        return answer(requestId, path, ledger.post(path, OPERATOR, body, "X-Request-Id", requestId));
    }

    private static Answer answer(String requestId, String path, LedgerClient.Response response) {
        return new Answer(requestId, path, response.status(), response.header("Retry-After"),
                response.isProblem() ? response.code() : null, System.nanoTime());
    }

    private static void keepDoing(AtomicBoolean running, ConcurrentLinkedQueue<Answer> answers, java.util.function.Supplier<Answer> request) {
        while (running.get()) {
            answers.add(request.get());
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
