package org.binkindly.ledger.projections.incident;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.binkindly.ledger.core.incident.ChecklistItemCompleted;
import org.binkindly.ledger.core.incident.ContainmentActionRecorded;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentDeclared;
import org.binkindly.ledger.core.incident.IncidentEvent;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentState;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.Severity;
import org.binkindly.ledger.projections.support.LedgerJson;
import org.binkindly.ledger.projections.support.ViewMigrations;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.binkindly.ledger.projections.incident.IncidentEvents.STOCKHOLM;
import static org.binkindly.ledger.projections.incident.IncidentEvents.SWEDEN;

/**
 * Rows folded before V282 have no board counts; V283, a Java migration run by Flyway beside the scripts, counts
 * them from their fold, as the projector counts the rows it writes.
 */
class IncidentViewBoardCountsMigrationTest {

    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

    @Test
    void flywayRunsTheJavaMigrationAndItCountsTheRowsFoldedBeforeTheCountsHadColumns() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            // the scripts alone, as a run without the application's bean leaves them: V283 still pending
            ViewMigrations.migrate(postgres.getPostgresDatabase());
            JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
            IncidentViewProjector projector = new IncidentViewProjector(jdbc, LedgerJson.objectMapper());
            Map<IncidentId, IncidentState> folds = Map.of(
                    IncidentId.of("inc-aaaaaaaaaaaa"), fold(projector, IncidentId.of("inc-aaaaaaaaaaaa"), IncidentClass.BAD_PUBLISH,
                            SWEDEN, 2),
                    IncidentId.of("inc-bbbbbbbbbbbb"), fold(projector, IncidentId.of("inc-bbbbbbbbbbbb"), IncidentClass.STALE_PACK,
                            STOCKHOLM, 0));
            jdbc.update("update incident_view set open_items = null, closure_gaps = null"); // as V282 leaves them

            ViewMigrations.migrate(postgres.getPostgresDatabase(), new IncidentViewBoardCountsMigration(LedgerJson.objectMapper()));

            assertThat(jdbc.queryForMap("select type, success from flyway_schema_history where version = '283'"))
                    .containsEntry("type", "JDBC").containsEntry("success", true);
            folds.forEach((id, state) -> assertThat(jdbc.queryForMap(
                    "select open_items, closure_gaps from incident_view where incident_id = ?", id.value()))
                    .as(id.value())
                    .containsEntry("open_items", (int) state.checklist().stream()
                            .filter(entry -> entry.status() == IncidentState.ItemStatus.OPEN).count())
                    .containsEntry("closure_gaps", state.closureGaps().size()));
        }
    }

    /** An incident declared, given an action and {@code settled} checklist items completed, through the projector. */
    private static IncidentState fold(IncidentViewProjector projector, IncidentId id, IncidentClass incidentClass,
                                      org.binkindly.ledger.core.shared.Scope scope, int settled) {
        IncidentDeclared declared = IncidentEvents.declared(id, incidentClass, scope, Severity.SEV2, T0);
        List<IncidentEvent> events = new ArrayList<>(List.of(declared, IncidentEvents.declarationChecklist(declared),
                new ContainmentActionRecorded(id, "paused publishing", T0.plusSeconds(60))));
        IncidentEvents.declarationChecklist(incidentClass, Severity.SEV2).stream().limit(settled)
                .forEach(item -> events.add(new ChecklistItemCompleted(id, item.itemId(), "done", T0.plusSeconds(120))));
        IncidentState state = null;
        for (int sequence = 0; sequence < events.size(); sequence++) {
            IncidentEvent event = events.get(sequence);
            Instant at = T0.plusSeconds(sequence);
            projector.on(event, "alice", at, (long) sequence);
            if (state == null) {
                state = IncidentState.declaredBy(declared, new Provenance("alice", at), 0);
            } else {
                state.apply(event, new Provenance("alice", at), sequence);
            }
        }
        return state;
    }
}
