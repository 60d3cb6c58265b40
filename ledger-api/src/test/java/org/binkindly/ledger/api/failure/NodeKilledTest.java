package org.binkindly.ledger.api.failure;

import com.fasterxml.jackson.databind.JsonNode;
import org.binkindly.ledger.api.support.AlertmanagerPayloads;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerNodes;
import org.binkindly.ledger.api.support.SharedDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
 * A ledger node in its own JVM, killed with SIGKILL while it is busy. Every request it answered
 * with a 2xx has its events in the store; a node started afterwards folds the same views a rebuild
 * from the log gives; every request retried with its Idempotency-Key applies exactly once, whether
 * or not its first attempt was answered; and every alert delivery it acknowledged (on record, most
 * not yet routed when it died) is routed after the restart.
 */
class NodeKilledTest {

    private static final String OPERATOR = LedgerClient.ALICE_OPERATOR;

    @TempDir
    Path work;

    /** One request as the client sent it, and what (if anything) came back before the node died. */
    record Sent(String key, String requestId, String path, Map<String, Object> body, String marker, int status) {
    }

    @Test
    void whatANodeAcknowledgedBeforeSigkillSurvivesAndRetriesApplyOnce() throws Exception {
        try (SharedDatabase database = new SharedDatabase(work.resolve("postgres"))) {
            int port = SharedDatabase.freePort();
            Process child = LedgerNodes.startInOwnJvm(database, port, work.resolve("child"), "--ledger.idempotency.lease=2s");
            ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
            String alertScope = Incidents.freshScope();
            List<String> alertDeliveries = new ArrayList<>();
            try {
                LedgerClient victim = new LedgerClient(port);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .until(() -> victim.get("/actuator/health", null).status() == 200);

                AtomicBoolean running = new AtomicBoolean(true);
                ExecutorService load = Executors.newFixedThreadPool(4);
                for (int worker = 0; worker < 4; worker++) {
                    load.submit(() -> keepWriting(port, running, sent));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> sent.stream().filter(s -> s.status() / 100 == 2).count() >= 40);
                alertDeliveries.addAll(deliverAlertsWithoutWaiting(victim, alertScope));
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
                running.set(false);
                load.shutdown();
                assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                child.destroyForcibly();
            }

            List<Sent> acknowledged = sent.stream().filter(s -> s.status() / 100 == 2).toList();
            List<Sent> unanswered = sent.stream().filter(s -> s.status() == 0).toList();
            System.out.printf("killed under load: %d requests acknowledged, %d unanswered%n", acknowledged.size(), unanswered.size());

            try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
                 ResultSet routed = connection.createStatement().executeQuery(
                         "select count(*) from domain_event_entry where payload_type like '%.AlertDeliveryRecorded'")) {
                routed.next();
                System.out.printf("killed with %d of %d acknowledged alert deliveries routed%n", routed.getLong(1),
                        alertDeliveries.size());
            }

            ConfigurableApplicationContext restarted = LedgerNodes.start(database, work.resolve("restarted"), "--ledger.idempotency.lease=2s");
            try {
                JdbcTemplate jdbc = restarted.getBean(JdbcTemplate.class);
                for (Sent request : acknowledged) {
                    assertThat(LedgerNodes.eventsCausedBy(jdbc, request.requestId())).as("events of acknowledged %s", request).isPositive();
                }

                LedgerClient ledger = LedgerNodes.client(restarted);
                Thread.sleep(2_500); // the killed node's keys were leased for 2 s
                for (Sent request : sent) {
                    LedgerClient.Response retry = ledger.post(request.path(), OPERATOR, request.body(), "Idempotency-Key", request.key());
                    assertThat(retry.status()).as("retry of %s: %s", request, retry).isBetween(200, 299);
                    if (request.status() / 100 == 2) {
                        assertThat(retry.header("Idempotent-Replayed")).as("replay of acknowledged %s", request).isEqualTo("true");
                    }
                }
                for (Sent request : sent) {
                    assertThat(timesRecorded(jdbc, request.marker())).as("%s applied exactly once", request).isEqualTo(1);
                }
                assertDeliveriesRoutedAfterTheRestart(jdbc, ledger, alertDeliveries, alertScope);
                LedgerNodes.assertViewsEqualARebuild(restarted);
            } finally {
                restarted.close();
            }
        }
    }

    private static final int DELIVERIES = 12;
    private static final int FIRINGS_EACH = 50;

    /**
     * Alert deliveries of 50 new firings each for one class and scope, posted without waiting for routing, each
     * acknowledged once it is on record: the node is killed right after the last, most of them not routed yet.
     */
    private static List<String> deliverAlertsWithoutWaiting(LedgerClient victim, String scope) {
        Instant startsAt = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        List<String> acknowledged = new ArrayList<>();
        for (int delivery = 0; delivery < DELIVERIES; delivery++) {
            List<Map<String, Object>> firings = new ArrayList<>();
            for (int firing = 0; firing < FIRINGS_EACH; firing++) {
                firings.add(AlertmanagerPayloads.firing("PublishBlocked", scope, "%016x".formatted(delivery * 1000L + firing),
                        startsAt));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object>[] alerts = firings.toArray(Map[]::new);
            LedgerClient.Response answer = victim.post("/alerts/alertmanager?wait=PT0S", LedgerClient.ALERTMANAGER,
                    AlertmanagerPayloads.delivery(0, alerts));
            assertThat(answer.status()).as(answer.toString()).isBetween(200, 299);
            acknowledged.add(answer.json().path("deliveryId").asText());
        }
        return acknowledged;
    }

    /** Every acknowledged delivery is routed after the restart: one incident for the scope, every firing on it once. */
    private static void assertDeliveriesRoutedAfterTheRestart(JdbcTemplate jdbc, LedgerClient ledger, List<String> acknowledged,
                                                              String scope) {
        for (String deliveryId : acknowledged) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() ->
                    ledger.get("/alerts/deliveries/" + deliveryId, LedgerClient.AUDREY_AUDITOR).json().path("routed").asBoolean());
        }
        JsonNode incidents = Incidents.expectOk(ledger.get("/incidents?scope=" + scope, OPERATOR));
        assertThat(incidents).hasSize(1);
        JsonNode incident = Incidents.expectOk(ledger.get("/incidents/" + incidents.get(0).path("incidentId").asText(), OPERATOR));
        assertThat(incident.path("alerts")).hasSize(DELIVERIES * FIRINGS_EACH);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where payload_type like '%.AlertFired'",
                Long.class)).isEqualTo((long) DELIVERIES * FIRINGS_EACH);
    }

    /** Declares an incident, then records evidence on it, again and again, each with its own key, until stopped. */
    private static void keepWriting(int port, AtomicBoolean running, ConcurrentLinkedQueue<Sent> sent) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String incident = null;
        while (running.get()) {
            String marker = "m-" + UUID.randomUUID();
            String path;
            Map<String, Object> body;
            if (incident == null) {
                path = "/incidents";
                body = Incidents.declaration("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG);
                body.put("observedFailureMode", marker);
            } else {
                path = "/incidents/" + incident + "/evidence";
                body = Map.of("field", "CONTAINMENT_ACTION", "action", marker);
            }
            String key = "k-" + UUID.randomUUID();
            String requestId = "r-" + UUID.randomUUID();
            int status = 0;
            String location = null;
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + OPERATOR).header("Content-Type", "application/json")
                        .header("Idempotency-Key", key).header("X-Request-Id", requestId)
                        .POST(HttpRequest.BodyPublishers.ofString(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body)))
                        .build(), HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                location = response.headers().firstValue("Location").orElse(null);
            } catch (Exception connectionLost) {
                status = 0;
            }
            sent.add(new Sent(key, requestId, path, body, marker, status));
            if (status == 0) {
                return;
            }
            if (location != null) {
                incident = location.substring(location.lastIndexOf('/') + 1);
            }
        }
    }

    private static long timesRecorded(JdbcTemplate jdbc, String marker) {
        return jdbc.queryForObject("""
                select count(*) from domain_event_entry
                where (payload_type like '%.IncidentDeclared' or payload_type like '%.ContainmentActionRecorded')
                  and position(? in convert_from(payload, 'UTF8')) > 0""", Long.class, marker);
    }
}
