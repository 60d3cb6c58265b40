package org.binkindly.ledger.projections.rebind;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.queryhandling.QueryHandler;
import org.binkindly.ledger.core.rebind.RebindEvent;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.rebind.RebindStarted;
import org.binkindly.ledger.core.rebind.RebindState;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.ScopeKind;
import org.binkindly.ledger.projections.support.JsonDocuments;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Folds rebind events into the rebind view and into each scope's active-manifest view. Both live
 * in one processing group because the second needs the first's scope for every event.
 */
@ProcessingGroup(RebindProjector.PROCESSING_GROUP)
public class RebindProjector {

    public static final String PROCESSING_GROUP = "rebinds";

    private final JdbcTemplate jdbc;
    private final JsonDocuments json;

    public RebindProjector(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = new JsonDocuments(json);
    }

    @EventHandler
    void on(RebindEvent event, @MetaDataValue(MetadataKeys.ACTOR) String actor, @Timestamp Instant recordedAt,
            @SequenceNumber Long sequenceNumber) {
        long sequence = sequenceNumber == null ? 0 : sequenceNumber;
        Provenance provenance = new Provenance(actor, recordedAt);
        RebindState state;
        if (event instanceof RebindStarted started) {
            state = RebindState.startedBy(started, provenance, sequence);
            int inserted = jdbc.update("""
                    insert into rebind_view (rebind_id, scope_kind, scope_id, incident_id, drill, phase, started_at, version, state)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) on conflict (rebind_id) do nothing""",
                    state.rebindId().value(), state.scope().kind().pathSegment(), state.scope().id(),
                    state.incidentId() == null ? null : state.incidentId().value(), state.drill(), state.phase().name(),
                    java.sql.Timestamp.from(recordedAt), sequence, json.write(state));
            if (inserted == 0) {
                return;
            }
            updateObjective(state);
        } else {
            Optional<RebindState> loaded = load(event.rebindId()).filter(current -> current.version() < sequence);
            if (loaded.isEmpty()) {
                return;
            }
            state = loaded.get().apply(event, provenance, sequence);
            jdbc.update("update rebind_view set phase = ?, version = ?, state = ?::jsonb where rebind_id = ?",
                    state.phase().name(), sequence, json.write(state), state.rebindId().value());
            updateObjective(state);
        }
        updateActiveManifest(event, state, recordedAt);
    }

    /** The objective's outcome as columns of the row: what the metrics read. */
    private void updateObjective(RebindState state) {
        RebindState.Completion completion = state.completion();
        jdbc.update("""
                update rebind_view set restore_objective_met = ?, integrity_objective_met = ?, restore_seconds = ?,
                    integrity_seconds = ?, verified_at = ?, objective_breached = ?
                where rebind_id = ?""",
                completion == null ? null : completion.restoreObjectiveMet(),
                completion == null ? null : completion.integrityObjectiveMet(),
                completion == null ? null : completion.restoreSeconds(),
                completion == null ? null : completion.integritySeconds(),
                completion == null ? null : java.sql.Timestamp.from(completion.verifiedAt()),
                !state.breaches().isEmpty(), state.rebindId().value());
    }

    /** The scope's row, moved by the fold time travel replays too ({@link ActiveManifestFold}). */
    private void updateActiveManifest(RebindEvent event, RebindState state, Instant at) {
        Scope scope = state.scope();
        ActiveManifestView current = jdbc.query("select * from active_manifest_view where scope_kind = ? and scope_id = ?",
                (rs, row) -> activeManifestRow(rs), scope.kind().pathSegment(), scope.id()).stream().findFirst().orElse(null);
        ActiveManifestFold.next(current, event, state, at).ifPresent(this::store);
    }

    private void store(ActiveManifestView view) {
        ActiveManifestView.Manifest active = view.active();
        ActiveManifestView.Manifest lkg = view.lastKnownGood();
        jdbc.update("""
                insert into active_manifest_view (scope_kind, scope_id, active_manifest_id, active_manifest_sha256,
                    active_pack_sha256, lkg_manifest_id, lkg_manifest_sha256, lkg_pack_sha256, last_rebind_id,
                    last_rebind_phase, integrity, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (scope_kind, scope_id) do update set
                    active_manifest_id = excluded.active_manifest_id,
                    active_manifest_sha256 = excluded.active_manifest_sha256,
                    active_pack_sha256 = excluded.active_pack_sha256,
                    lkg_manifest_id = excluded.lkg_manifest_id, lkg_manifest_sha256 = excluded.lkg_manifest_sha256,
                    lkg_pack_sha256 = excluded.lkg_pack_sha256,
                    last_rebind_id = excluded.last_rebind_id, last_rebind_phase = excluded.last_rebind_phase,
                    integrity = excluded.integrity, updated_at = excluded.updated_at""",
                view.scope().kind().pathSegment(), view.scope().id(),
                active == null ? null : active.manifestId(), active == null ? null : active.manifestSha256(),
                active == null ? null : active.packSha256(),
                lkg == null ? null : lkg.manifestId(), lkg == null ? null : lkg.manifestSha256(),
                lkg == null ? null : lkg.packSha256(), view.lastRebindId(), view.lastRebindPhase(), view.integrity(),
                java.sql.Timestamp.from(view.updatedAt()));
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from active_manifest_view");
        jdbc.update("delete from rebind_view");
    }

    @QueryHandler
    Optional<RebindView> handle(FindRebind query) {
        return load(query.rebindId()).map(RebindView::of);
    }

    @QueryHandler
    List<RebindView> handle(ListRebinds query) {
        StringBuilder sql = new StringBuilder("select state from rebind_view where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (query.scope() != null) {
            sql.append(" and scope_kind = ? and scope_id = ?");
            args.add(query.scope().kind().pathSegment());
            args.add(query.scope().id());
        }
        sql.append(" order by started_at desc, rebind_id limit ?");
        args.add(query.limit());
        return jdbc.query(sql.toString(), (rs, row) -> RebindView.of(json.read(rs.getString(1), RebindState.class)),
                args.toArray());
    }

    @QueryHandler
    Optional<ActiveManifestView> handle(FindActiveManifest query) {
        return jdbc.query("select * from active_manifest_view where scope_kind = ? and scope_id = ?",
                (rs, row) -> activeManifest(rs), query.scope().kind().pathSegment(), query.scope().id()).stream().findFirst();
    }

    private ActiveManifestView activeManifest(ResultSet rs) throws SQLException {
        ActiveManifestView row = activeManifestRow(rs);
        RebindState.Failure lastFailure = row.lastRebindId() == null ? null
                : load(RebindId.of(row.lastRebindId())).map(RebindState::failure).orElse(null);
        return row.withLastFailure(lastFailure);
    }

    private static ActiveManifestView activeManifestRow(ResultSet rs) throws SQLException {
        return new ActiveManifestView(
                Scope.of(ScopeKind.fromPathSegment(rs.getString("scope_kind")), rs.getString("scope_id")),
                manifest(rs.getString("active_manifest_id"), rs.getString("active_manifest_sha256"), rs.getString("active_pack_sha256")),
                manifest(rs.getString("lkg_manifest_id"), rs.getString("lkg_manifest_sha256"), rs.getString("lkg_pack_sha256")),
                rs.getString("last_rebind_id"), rs.getString("last_rebind_phase"), rs.getString("integrity"), null,
                rs.getTimestamp("updated_at").toInstant());
    }

    private static ActiveManifestView.Manifest manifest(String id, String sha, String packSha) {
        return id == null ? null : new ActiveManifestView.Manifest(id, sha, packSha);
    }

    private Optional<RebindState> load(RebindId rebindId) {
        return jdbc.query("select state from rebind_view where rebind_id = ?", (rs, row) -> json.read(rs.getString(1), RebindState.class),
                rebindId.value()).stream().findFirst();
    }
}
