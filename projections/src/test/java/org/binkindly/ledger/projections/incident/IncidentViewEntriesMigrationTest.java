package org.binkindly.ledger.projections.incident;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.binkindly.ledger.core.incident.AlertFired;
import org.binkindly.ledger.core.incident.AlertResolved;
import org.binkindly.ledger.core.incident.ContainmentActionRecorded;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentDeclared;
import org.binkindly.ledger.core.incident.IncidentEvent;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentRole;
import org.binkindly.ledger.core.incident.IncidentState;
import org.binkindly.ledger.core.incident.ReceivedAlert;
import org.binkindly.ledger.core.incident.RoleClaimed;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.Severity;
import org.binkindly.ledger.projections.support.JsonDocuments;
import org.binkindly.ledger.projections.support.LedgerJson;
import org.binkindly.ledger.projections.support.ViewMigrations;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.binkindly.ledger.projections.incident.IncidentEvents.STOCKHOLM;

/** Rows folded before V281 held their lists in the document; the migration moves them to entry rows, and they read back the same. */
class IncidentViewEntriesMigrationTest {

    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

    @Test
    void theMigrationMovesTheListsOfDocumentsFoldedBeforeItIntoEntryRows() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            ViewMigrations.migrateToJustBefore(postgres.getPostgresDatabase(), "281");
            JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
            JsonDocuments json = new JsonDocuments(LedgerJson.objectMapper());

            IncidentId busy = IncidentId.of("inc-aaaaaaaaaaaa");
            IncidentDeclared declared = IncidentEvents.declared(busy, IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2, T0);
            IncidentState busyState = IncidentState.declaredBy(declared, new Provenance("alice", T0), 0);
            List<IncidentEvent> events = new java.util.ArrayList<>(List.of(
                    IncidentEvents.declarationChecklist(declared),
                    new RoleClaimed(busy, IncidentRole.INCIDENT_OWNER, "bob"),
                    new AlertFired(busy, new ReceivedAlert("PublishFailed", "fp-1", T0, Map.of("scope", "se-stockholm"), Map.of(),
                            null, "ledger")),
                    new AlertResolved(busy, "PublishFailed", "fp-1", T0, T0.plusSeconds(600))));
            for (int i = 1; i <= 12; i++) {
                events.add(new ContainmentActionRecorded(busy, "action " + i, T0.plusSeconds(60L * i)));
            }
            long sequence = 1;
            for (IncidentEvent event : events) {
                busyState.apply(event, new Provenance("alice", T0.plusSeconds(sequence)), sequence++);
            }
            insert(jdbc, busyState, json);
            IncidentId bare = IncidentId.of("inc-bbbbbbbbbbbb");
            IncidentState bareState = IncidentState.declaredBy(
                    IncidentEvents.declared(bare, IncidentClass.STALE_PACK, STOCKHOLM, Severity.SEV3, T0), new Provenance("alice", T0), 0);
            insert(jdbc, bareState, json);

            ViewMigrations.migrate(postgres.getPostgresDatabase());

            IncidentViewProjector projector = new IncidentViewProjector(jdbc, LedgerJson.objectMapper());
            assertThat(projector.handle(new FindIncident(busy)).orElseThrow()).isEqualTo(IncidentView.of(busyState));
            assertThat(projector.handle(new FindIncident(bare)).orElseThrow()).isEqualTo(IncidentView.of(bareState));
            assertThat(jdbc.queryForObject("""
                    select count(*) from incident_view, jsonb_object_keys(state) as k where k = any(?)""", Integer.class,
                    (Object) IncidentViewProjector.ENTRY_LISTS.keySet().toArray(String[]::new))).isZero();
            int entries = IncidentViewProjector.ENTRY_LISTS.values().stream()
                    .mapToInt(list -> list.apply(busyState).size() + list.apply(bareState).size()).sum();
            assertThat(jdbc.queryForObject("select count(*) from incident_view_entry", Integer.class)).isEqualTo(entries);

            // and the next event folds into the moved row as into one the projector wrote itself
            ContainmentActionRecorded next = new ContainmentActionRecorded(busy, "action 13", T0.plusSeconds(900));
            projector.on(next, "carol", T0.plusSeconds(901), sequence);
            busyState.apply(next, new Provenance("carol", T0.plusSeconds(901)), sequence);
            assertThat(projector.handle(new FindIncident(busy)).orElseThrow()).isEqualTo(IncidentView.of(busyState));
        }
    }

    /** A row as the projector wrote it before V281: the whole fold in one document. */
    private static void insert(JdbcTemplate jdbc, IncidentState state, JsonDocuments json) {
        jdbc.update("""
                insert into incident_view (incident_id, incident_class, scope_kind, scope_id, severity, status, detected_at,
                                           version, state)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)""",
                state.incidentId().value(), state.incidentClass().name(), state.scope().kind().pathSegment(), state.scope().id(),
                state.severity().name(), state.status().name(), Timestamp.from(state.detectedAt()), state.version(),
                json.write(state));
    }
}
