package org.binkindly.ledger.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.RealisticHistory;
import org.binkindly.ledger.api.support.StartedLedger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.binkindly.ledger.api.support.Incidents.expectOk;

/**
 * Issue 13's "views are covered too": a view row deleted or changed with SQL (as the tables' owner
 * can) made a paused scope show all clear while the log verified intact. The view check rebuilds
 * every view from the log into scratch tables and names the exact difference; the live views keep
 * serving and are never written by it.
 */
class ViewCheckHttpTest {

    private static final String AUDITOR = LedgerClient.AUDREY_AUDITOR;

    @TempDir
    static Path directory;

    private static StartedLedger started;
    private static LedgerClient ledger;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void aWeekOnCall() {
        started = StartedLedger.start(directory.resolve("ledger"));
        ledger = started.client();
        jdbc = started.jdbc();
        RealisticHistory.create(ledger);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                jdbc.queryForObject("select count(*) from posture_source where open", Long.class) > 0);
    }

    @AfterAll
    static void stop() {
        if (started != null) {
            started.close();
        }
    }

    @Test
    void anUntouchedLedgerMatchesARebuildOfEveryViewAndTheCheckLeavesTheLiveViewsAsTheyWere() {
        Map<String, Long> rowsBefore = liveRowCounts();

        JsonNode report = expectOk(ledger.get("/audit/view-check", AUDITOR));

        assertThat(report.path("differences").asLong()).as(report.toPrettyString()).isZero();
        assertThat(report.path("firstDifference").isNull()).as(report.toPrettyString()).isTrue();
        assertThat(report.path("viewsNotCovered")).isEmpty();
        assertThat(report.path("views").asInt()).isEqualTo(9);
        assertThat(report.path("eventsReplayed").asLong()).isPositive();
        List<String> views = new ArrayList<>();
        report.path("tables").forEach(table -> {
            views.add(table.path("view").asText());
            assertThat(table.path("rebuiltRows").asLong()).as(table.toString()).isEqualTo(table.path("liveRows").asLong());
            assertThat(table.path("differingRows").asLong()).as(table.toString()).isZero();
        });
        assertThat(views).contains("incident-views", "incident-history", "kill-switches", "rebinds", "scope-posture",
                "alert-intake", "launches", "no-go-gate", "pack-freshness");
        assertThat(table(report, "posture_source").path("liveRows").asLong()).isPositive();
        assertThat(table(report, "incident_timeline").path("liveRows").asLong()).isPositive();
        assertThat(liveRowCounts()).as("the live views, untouched by the rebuild into scratch tables").isEqualTo(rowsBefore);
        assertThat(expectOk(ledger.get("/audit/view-check/latest", AUDITOR)).path("checkedAt").asText())
                .isEqualTo(report.path("checkedAt").asText());
        assertThat(metric("ledger_audit_view_check_differences")).isZero();
    }

    @Test
    void aDeletedPostureRowIsNamedByItsKeyAndAChangedOneByItsColumnWithBothValues() {
        String source = jdbc.queryForObject("select source_id from posture_source where open order by source_id limit 1", String.class);
        Map<String, Object> row = jdbc.queryForMap("select * from posture_source where source_id = ?", source);
        owner().update("delete from posture_source where source_id = ?", source);
        try {
            JsonNode report = expectOk(ledger.get("/audit/view-check", AUDITOR));

            assertThat(report.path("differences").asLong()).as(report.toPrettyString()).isEqualTo(1);
            JsonNode first = report.path("firstDifference");
            assertThat(first.path("view").asText()).isEqualTo("scope-posture");
            assertThat(first.path("table").asText()).isEqualTo("posture_source");
            assertThat(first.path("key").path("source_id").asText()).isEqualTo(source);
            assertThat(first.path("column").isNull()).as("a missing row names no column").isTrue();
            assertThat(first.path("live").isNull()).as("the live view has no row").isTrue();
            assertThat(first.path("rebuilt").asText()).contains(source).contains("open=true");
            assertThat(table(report, "posture_source").path("rebuiltRows").asLong())
                    .isEqualTo(table(report, "posture_source").path("liveRows").asLong() + 1);
            assertThat(metric("ledger_audit_view_check_differences")).isEqualTo(1.0);
        } finally {
            restore("posture_source", row);
        }

        owner().update("update posture_source set open = false where source_id = ?", source);
        try {
            JsonNode first = expectOk(ledger.get("/audit/view-check", AUDITOR)).path("firstDifference");

            assertThat(first.path("key").path("source_id").asText()).isEqualTo(source);
            assertThat(first.path("column").asText()).isEqualTo("open");
            assertThat(first.path("live").asText()).isEqualTo("false");
            assertThat(first.path("rebuilt").asText()).isEqualTo("true");
        } finally {
            owner().update("update posture_source set open = true where source_id = ?", source);
        }

        JsonNode repaired = expectOk(ledger.get("/audit/view-check", AUDITOR));
        assertThat(repaired.path("differences").asLong()).as(repaired.toPrettyString()).isZero();
        assertThat(metric("ledger_audit_view_check_differences")).isZero();
    }

    @Test
    void theScheduledCheckRunsAndOnlyAuditorsMayCheck() {
        // db-scheduler runs the recurring task once at start, then every ledger.audit.view-check.interval
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(ledger.get("/audit/view-check/latest", AUDITOR).status()).isEqualTo(200));
        assertThat(metric("ledger_audit_view_check_age_seconds")).isGreaterThanOrEqualTo(0);

        LedgerClient.Response operator = ledger.get("/audit/view-check", LedgerClient.ALICE_OPERATOR);
        assertThat(operator.status()).isEqualTo(403);
        assertThat(operator.code()).isEqualTo("FORBIDDEN");
        assertThat(ledger.get("/audit/view-check/latest", LedgerClient.ALICE_OPERATOR).status()).isEqualTo(403);
    }

    @Test
    void everyTableOfTheSchemaIsAViewTableTheCheckRebuildsOrATableThatIsNoView() {
        List<String> tables = jdbc.queryForList("""
                select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'""",
                String.class);
        Set<String> viewTables = new TreeSet<>();
        ViewCheck.VIEW_TABLES.values().forEach(viewTables::addAll);

        assertThat(tables).as("tables in the schema").containsAll(viewTables);
        // a view's table missing from ViewCheck.VIEW_TABLES is never compared, and the check's replay writes it live
        assertThat(tables).filteredOn(table -> !viewTables.contains(table)).as("tables the view check does not rebuild")
                .containsExactlyInAnyOrder("domain_event_entry", "snapshot_event_entry", "token_entry", "scheduled_tasks",
                        "flyway_schema_history", "audit_chain_head", "audit_checkpoint", "audit_seal", "audit_writer_authentication",
                        "api_token", "idempotency_key", "ledger_node", "open_incident", "restored_from_backup");
    }

    private static JsonNode table(JsonNode report, String name) {
        for (JsonNode table : report.path("tables")) {
            if (table.path("table").asText().equals(name)) {
                return table;
            }
        }
        throw new AssertionError(name + " is not in the report: " + report.toPrettyString());
    }

    private static Map<String, Long> liveRowCounts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        ViewCheck.VIEW_TABLES.values().forEach(tables -> tables.forEach(table ->
                counts.put(table, jdbc.queryForObject("select count(*) from " + table, Long.class))));
        return counts;
    }

    /** The tables' owner, as an insider with the owner's password. */
    private static JdbcTemplate owner() {
        return started.ownerJdbc();
    }

    private static void restore(String table, Map<String, Object> row) {
        String columns = String.join(", ", row.keySet());
        String marks = String.join(", ", row.keySet().stream().map(column -> "?").toList());
        owner().update("insert into " + table + " (" + columns + ") values (" + marks + ")", row.values().toArray());
    }

    private static double metric(String name) {
        String scrape = ledger.get("/actuator/prometheus", LedgerClient.PROMETHEUS).text();
        return scrape.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " is not in the scrape"));
    }
}
