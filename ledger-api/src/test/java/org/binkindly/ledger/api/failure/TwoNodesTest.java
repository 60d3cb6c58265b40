package org.binkindly.ledger.api.failure;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.binkindly.ledger.api.audit.ViewCheck;
import org.binkindly.ledger.api.config.ViewSegments;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two ledger nodes on one PostgreSQL, as docs/operations.md ("More than one node") scales out: commands spread over both,
 * the same incident written from both at once, each deadline fired once, reads on either node
 * reflecting writes on the other, processors taken over when a node leaves, and views equal to a
 * rebuild from the log.
 */
class TwoNodesTest {

    private static final String OPERATOR = LedgerClient.ALICE_OPERATOR;

    @TempDir
    Path work;

    @Test
    void twoNodesShareTheWorkAndTheTruth() throws Exception {
        try (SharedDatabase database = new SharedDatabase(work.resolve("postgres"))) {
            ConfigurableApplicationContext a = LedgerNodes.start(database, work.resolve("a"));
            ConfigurableApplicationContext b = LedgerNodes.start(database, work.resolve("b"));
            try {
                List<LedgerClient> nodes = List.of(LedgerNodes.client(a), LedgerNodes.client(b));
                JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);

                // The first node up claimed every segment; once it sees the second node alive it releases
                // half of each split view's segments, which the second node's free threads claim.
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(splitViewOwners(jdbc))
                        .as("each split view's segments, by owner").hasSize(ViewSegments.SPLIT_VIEWS.size())
                        .allSatisfy((view, owners) -> assertThat(owners).as(view).containsExactlyInAnyOrder(ownerOf(a), ownerOf(b))));
                assertThat(jdbc.queryForList("select node_id from ledger_node", String.class))
                        .containsExactlyInAnyOrder(ownerOf(a), ownerOf(b));

                // Written on one node, read at once on the other.
                for (int i = 0; i < 6; i++) {
                    LedgerClient writer = nodes.get(i % 2);
                    LedgerClient reader = nodes.get((i + 1) % 2);
                    String id = new Incidents(writer).declare("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG)
                            .path("incidentId").asText();
                    Incidents.expectOk(writer.post("/incidents/" + id + "/evidence", OPERATOR,
                            Map.of("field", "CONTAINMENT_ACTION", "action", "contained from node " + (i % 2))));
                    JsonNode seen = Incidents.expectOk(reader.get("/incidents/" + id, OPERATOR));
                    assertThat(seen.path("containmentActions")).as("read on the other node").hasSize(1);
                }

                // One incident, written from both nodes at once: every command lands once, none is lost.
                String contested = new Incidents(nodes.get(0)).declare("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG)
                        .path("incidentId").asText();
                int writes = 60;
                List<Callable<LedgerClient.Response>> calls = new ArrayList<>();
                for (int i = 0; i < writes; i++) {
                    LedgerClient node = nodes.get(i % 2);
                    String action = "step " + i;
                    calls.add(() -> node.post("/incidents/" + contested + "/evidence", OPERATOR,
                            Map.of("field", "CONTAINMENT_ACTION", "action", action)));
                }
                ExecutorService pool = Executors.newFixedThreadPool(12);
                try {
                    for (Future<LedgerClient.Response> answer : pool.invokeAll(calls)) {
                        assertThat(answer.get().status()).as(answer.get().toString()).isEqualTo(200);
                    }
                } finally {
                    pool.shutdown();
                }
                List<String> actions = jdbc.queryForList("""
                        select convert_from(payload, 'UTF8')::jsonb ->> 'action' from domain_event_entry
                        where aggregate_identifier = ? and payload_type like '%.ContainmentActionRecorded'""", String.class, contested);
                assertThat(actions).hasSize(writes).doesNotHaveDuplicates();
                List<Long> sequence = jdbc.queryForList(
                        "select sequence_number from domain_event_entry where aggregate_identifier = ? order by 1", Long.class, contested);
                assertThat(sequence).hasSize(writes + 2);
                assertThat(sequence.get(sequence.size() - 1)).isEqualTo(writes + 1);
                double retried = retriedConflicts(a) + retriedConflicts(b);
                System.out.printf("two nodes, %d concurrent writes to one incident: %.0f conflicts retried%n", writes, retried);
                assertThat(retried).as("the two nodes really raced for the incident").isPositive();

                // Both nodes declaring one class and scope at once: exactly one incident opens.
                String scope = Incidents.freshScope();
                List<Callable<LedgerClient.Response>> declarations = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    LedgerClient node = nodes.get(i % 2);
                    declarations.add(() -> node.post("/incidents", OPERATOR,
                            Incidents.declaration("SOURCE_OUTAGE", scope, Incidents.NOTHING_WRONG)));
                }
                ExecutorService declaring = Executors.newFixedThreadPool(10);
                List<LedgerClient.Response> declared = new ArrayList<>();
                try {
                    for (Future<LedgerClient.Response> answer : declaring.invokeAll(declarations)) {
                        declared.add(answer.get());
                    }
                } finally {
                    declaring.shutdown();
                }
                assertThat(declared).filteredOn(answer -> answer.status() == 201).as(declared.toString()).hasSize(1);
                assertThat(declared).filteredOn(answer -> answer.status() != 201).as(declared.toString()).hasSize(9)
                        .allSatisfy(answer -> assertThat(answer.code()).isEqualTo("INCIDENT_ALREADY_OPEN"));
                assertThat(jdbc.queryForObject("""
                        select count(*) from domain_event_entry where payload_type like '%.IncidentDeclared'
                        and convert_from(payload, 'UTF8')::jsonb ->> 'scope' = ?""", Long.class, scope)).isEqualTo(1);

                // Deadlines scheduled on both nodes fire once each, on whichever node picks them up.
                Instant confirmed = Instant.now().minus(31, ChronoUnit.MINUTES);
                List<String> rebinds = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    LedgerClient.Response started = nodes.get(i % 2).post("/rebinds", OPERATOR, Map.of("scope", Incidents.freshScope(),
                            "mode", "MANUAL", "drill", true, "badPublishConfirmedAt", confirmed.toString()));
                    assertThat(started.status()).as(started.toString()).isEqualTo(201);
                    rebinds.add(started.header("Location"));
                }
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    for (String rebind : rebinds) {
                        assertThat(nodes.get(1).get(rebind, OPERATOR).json().path("rebind").path("breaches").size()).isEqualTo(2);
                    }
                });
                assertThat(firedDeadlines(a) + firedDeadlines(b)).as("deadlines fired, summed over both nodes").isEqualTo(12);
                assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where payload_type like '%.ObjectiveBreached'",
                        Long.class)).isEqualTo(12);

                // Every processor's work is claimed by exactly one node.
                List<Map<String, Object>> claims = jdbc.queryForList("select processor_name, segment, owner from token_entry");
                assertThat(claims).isNotEmpty().allSatisfy(claim -> assertThat(claim.get("owner")).as(claim.toString()).isNotNull());
                assertThat(ownerOf(a)).isNotEqualTo(ownerOf(b));

                // Both nodes still fold their share of every split view: the balance is stable, not a moment's.
                assertThat(splitViewOwners(jdbc)).allSatisfy((view, owners) ->
                        assertThat(owners).as(view).containsExactlyInAnyOrder(ownerOf(a), ownerOf(b)));
                LedgerNodes.awaitViewsCaughtUp(b);
                assertThat(b.getBean(ViewCheck.class).check().consistent()).as("views folded by two nodes equal a rebuild").isTrue();

                // A node leaves: the other takes over its processors and still reads its own writes.
                a.close();
                String afterwards = new Incidents(nodes.get(1)).declare("STALE_PACK", Incidents.freshScope(), Incidents.NOTHING_WRONG)
                        .path("incidentId").asText();
                assertThat(Incidents.expectOk(nodes.get(1).get("/incidents/" + afterwards, OPERATOR)).path("incidentId").asText())
                        .isEqualTo(afterwards);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(jdbc(b).queryForList("select owner from token_entry", String.class))
                                .as("every processor now claimed by the remaining node").doesNotContainNull().containsOnly(ownerOf(b)));

                LedgerNodes.assertViewsEqualARebuild(b);
            } finally {
                b.close();
                a.close();
            }
        }
    }

    /**
     * The node that runs every processor is killed with SIGKILL; until the survivor's claim timeout
     * passes, no view moves. A write on the survivor answers with what it wrote, folded by the write
     * side, never a 404 for the incident it just declared; once the survivor has taken over the
     * processors, the views show every write.
     */
    @Test
    void writesOnTheSurvivorAreNeverDeniedWhileTheKilledNodeStillHoldsTheProcessors() throws Exception {
        try (SharedDatabase database = new SharedDatabase(work.resolve("postgres"))) {
            int port = SharedDatabase.freePort();
            Process owner = LedgerNodes.startInOwnJvm(database, port, work.resolve("owner"));
            ConfigurableApplicationContext survivor = null;
            try {
                LedgerClient killed = new LedgerClient(port);
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .until(() -> killed.get("/actuator/health", null).status() == 200);
                new Incidents(killed).declare("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG);

                // the survivor waits 1 s for a view and takes a dead node's claims over only after 20 s
                survivor = LedgerNodes.start(database, work.resolve("survivor"), "--ledger.read-your-writes-timeout=1s",
                        "--axon.eventhandling.tokenstore.claim-timeout=20s");
                JdbcTemplate jdbc = jdbc(survivor);
                LedgerClient ledger = LedgerNodes.client(survivor);
                assertThat(jdbc.queryForList("select processor_name from token_entry group by processor_name"
                        + " having bool_and(owner is distinct from ?)", String.class, ownerOf(survivor)))
                        .as("processors whose every segment runs on the node about to be killed").isNotEmpty();

                owner.destroyForcibly();
                assertThat(owner.waitFor(30, TimeUnit.SECONDS)).isTrue();

                List<String> declared = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    LedgerClient.Response answer = ledger.post("/incidents", OPERATOR,
                            Incidents.declaration("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG));
                    assertThat(answer.status()).as("a declaration answers from the write, whatever the views: %s", answer)
                            .isEqualTo(201);
                    long written = jdbc.queryForObject("select max(sequence_number) from domain_event_entry where aggregate_identifier = ?",
                            Long.class, answer.header("Location").substring("/incidents/".length()));
                    assertThat(answer.json().path("version").asLong()).isEqualTo(written);
                    assertThat(answer.header("ETag")).isEqualTo("\"" + written + "\"");
                    assertThat(answer.header("Location")).startsWith("/incidents/inc-");
                    declared.add(answer.header("Location"));
                }
                String first = declared.get(0);
                LedgerClient.Response evidence = ledger.post(first + "/evidence", OPERATOR,
                        Map.of("field", "CONTAINMENT_ACTION", "action", "contained while the views were stuck"));
                assertThat(evidence.status()).as("a command to a stored incident whose view lags: %s", evidence).isEqualTo(200);
                assertThat(evidence.json().path("containmentActions")).as("the answer shows its own write").hasSize(1);
                LedgerClient.Response read = ledger.get(first, OPERATOR);
                assertThat(read.status()).as("a read never denies a stored incident: %s", read).isIn(200, 503);
                if (read.status() == 503) {
                    assertThat(read.code()).isEqualTo("VIEW_PENDING");
                    assertThat(read.header("Retry-After")).isNotNull();
                }
                assertThat(ledger.get("/incidents/inc-000000000000", OPERATOR).code())
                        .as("an incident the log does not hold is still not found").isEqualTo("INCIDENT_NOT_FOUND");

                for (String location : declared) {
                    assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                            Long.class, location.substring("/incidents/".length()))).as("%s stored", location).isPositive();
                }
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    for (String location : declared) {
                        assertThat(ledger.get(location, OPERATOR).status()).as(location).isEqualTo(200);
                    }
                });
                assertThat(Incidents.expectOk(ledger.get(first, OPERATOR)).path("containmentActions")).hasSize(1);
                String survivorName = ownerOf(survivor);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                        "select owner from token_entry", String.class)).as("every segment taken over by the survivor")
                        .containsOnly(survivorName));
                LedgerNodes.assertViewsEqualARebuild(survivor);
            } finally {
                owner.destroyForcibly();
                if (survivor != null) {
                    survivor.close();
                }
            }
        }
    }

    /** The name a node's claims carry (its token store keeps it to itself). */
    private static String ownerOf(ConfigurableApplicationContext node) {
        return (String) org.springframework.test.util.ReflectionTestUtils.getField(
                node.getBean(org.axonframework.eventhandling.tokenstore.TokenStore.class), "nodeId");
    }

    /** The nodes holding a claim on each split view's segments, by view. */
    private static Map<String, List<String>> splitViewOwners(JdbcTemplate jdbc) {
        Map<String, List<String>> owners = new TreeMap<>();
        jdbc.query("select processor_name, owner from token_entry where owner is not null order by segment", rs -> {
            if (ViewSegments.SPLIT_VIEWS.containsKey(rs.getString(1))) {
                owners.computeIfAbsent(rs.getString(1), view -> new ArrayList<>()).add(rs.getString(2));
            }
        });
        return owners;
    }

    private static JdbcTemplate jdbc(ConfigurableApplicationContext node) {
        return node.getBean(JdbcTemplate.class);
    }

    private static double retriedConflicts(ConfigurableApplicationContext node) {
        var counter = node.getBean(MeterRegistry.class).find("ledger.commands.conflicts.retried").counter();
        return counter == null ? 0 : counter.count();
    }

    private static double firedDeadlines(ConfigurableApplicationContext node) {
        return node.getBean(MeterRegistry.class).find("ledger.deadlines.fired").counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }
}
