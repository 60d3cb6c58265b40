package org.binkindly.ledger.projections.rebind;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.binkindly.ledger.core.rebind.Objective;
import org.binkindly.ledger.core.rebind.ObjectiveBreached;
import org.binkindly.ledger.core.rebind.RebindCompleted;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.rebind.RebindMode;
import org.binkindly.ledger.core.rebind.RebindStarted;
import org.binkindly.ledger.core.rebind.RebindState;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.projections.support.JsonDocuments;
import org.binkindly.ledger.projections.support.LedgerJson;
import org.binkindly.ledger.projections.support.ViewMigrations;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Rows folded before V45 get the objective columns from the state they hold, so the metrics need no rebuild. */
class RebindViewObjectiveMigrationTest {

    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    private static final Scope SCOPE = Scope.parse("locality/se-stockholm");

    @Test
    void theMigrationFillsTheObjectiveColumnsOfRowsFoldedBeforeIt() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            ViewMigrations.migrateToJustBefore(postgres.getPostgresDatabase(), "45");
            JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
            JsonDocuments json = new JsonDocuments(LedgerJson.objectMapper());

            RebindId completed = RebindId.of("rb-aaaaaaaaaaaa");
            RebindState state = started(completed);
            state.apply(new ObjectiveBreached(completed, Objective.INTEGRITY, T0.plus(Duration.ofMinutes(30))), null, 1);
            state.apply(new RebindCompleted(completed, T0.plusSeconds(300), T0.plus(Duration.ofMinutes(31)), 300, 1_860,
                    true, false), null, 2);
            insert(jdbc, state, json);
            RebindId running = RebindId.of("rb-bbbbbbbbbbbb");
            insert(jdbc, started(running), json);

            ViewMigrations.migrate(postgres.getPostgresDatabase());

            assertThat(objectiveColumns(jdbc, completed))
                    .containsExactly(true, false, 300L, 1_860L, T0.plus(Duration.ofMinutes(31)), true);
            assertThat(objectiveColumns(jdbc, running)).containsExactly(null, null, null, null, null, false);
        }
    }

    private static RebindState started(RebindId id) {
        return RebindState.startedBy(new RebindStarted(id, SCOPE, null, null, true, RebindMode.AUTOMATIC, T0,
                T0.plus(Duration.ofMinutes(15)), T0.plus(Duration.ofMinutes(30))), new Provenance("alice", T0), 0);
    }

    private static void insert(JdbcTemplate jdbc, RebindState state, JsonDocuments json) {
        jdbc.update("""
                insert into rebind_view (rebind_id, scope_kind, scope_id, drill, phase, started_at, version, state)
                values (?, ?, ?, ?, ?, ?, ?, ?::jsonb)""",
                state.rebindId().value(), SCOPE.kind().pathSegment(), SCOPE.id(), state.drill(), state.phase().name(),
                Timestamp.from(T0), state.version(), json.write(state));
    }

    private static List<Object> objectiveColumns(JdbcTemplate jdbc, RebindId id) {
        return jdbc.queryForObject("""
                select restore_objective_met, integrity_objective_met, restore_seconds, integrity_seconds, verified_at,
                       objective_breached
                from rebind_view where rebind_id = ?""", (rs, row) -> {
            Timestamp verifiedAt = rs.getTimestamp(5);
            return Arrays.asList(rs.getObject(1), rs.getObject(2), rs.getObject(3), rs.getObject(4),
                    verifiedAt == null ? null : verifiedAt.toInstant(), rs.getObject(6));
        }, id.value());
    }
}
