package org.binkindly.ledger.projections.rebind;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.queryhandling.QueryHandler;
import org.binkindly.ledger.core.rebind.ActiveManifestRebound;
import org.binkindly.ledger.core.rebind.ActiveManifestRestored;
import org.binkindly.ledger.core.rebind.IntegrityConfirmed;
import org.binkindly.ledger.core.rebind.ManifestProbed;
import org.binkindly.ledger.core.rebind.RebindEvent;
import org.binkindly.ledger.core.rebind.RebindFailed;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.rebind.RebindStarted;
import org.binkindly.ledger.core.rebind.RebindState;
import org.binkindly.ledger.core.rebind.RebindStep;
import org.binkindly.ledger.core.rebind.StoredManifest;
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
        if (!state.rehearsal()) {
            // a rehearsed drill wrote only its own copy: what users resolve, and so this view, did not change
            updateActiveManifest(event, state, recordedAt);
        }
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

    /**
     * The scope's row follows the rebind that probed it last: a step recorded late by an older,
     * overlapping rebind of the same scope does not overwrite what the newer one found.
     */
    private void updateActiveManifest(RebindEvent event, RebindState state, Instant at) {
        Scope scope = state.scope();
        if (event instanceof ManifestProbed probed) {
            StoredManifest active = probed.active();
            StoredManifest lkg = state.targetManifestId() == null ? probed.target() : null;
            jdbc.update("""
                    insert into active_manifest_view (scope_kind, scope_id, active_manifest_id, active_manifest_sha256,
                        active_pack_sha256, lkg_manifest_id, lkg_manifest_sha256, lkg_pack_sha256, last_rebind_id,
                        last_rebind_phase, integrity, updated_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'UNVERIFIED', ?)
                    on conflict (scope_kind, scope_id) do update set
                        active_manifest_id = excluded.active_manifest_id,
                        active_manifest_sha256 = excluded.active_manifest_sha256,
                        active_pack_sha256 = excluded.active_pack_sha256,
                        lkg_manifest_id = coalesce(excluded.lkg_manifest_id, active_manifest_view.lkg_manifest_id),
                        lkg_manifest_sha256 = coalesce(excluded.lkg_manifest_sha256, active_manifest_view.lkg_manifest_sha256),
                        lkg_pack_sha256 = coalesce(excluded.lkg_pack_sha256, active_manifest_view.lkg_pack_sha256),
                        last_rebind_id = excluded.last_rebind_id, last_rebind_phase = excluded.last_rebind_phase,
                        integrity = 'UNVERIFIED', updated_at = excluded.updated_at""",
                    scope.kind().pathSegment(), scope.id(),
                    active == null ? null : active.manifestId(), active == null ? null : active.manifestSha256(),
                    active == null ? null : active.packSha256(),
                    lkg == null ? null : lkg.manifestId(), lkg == null ? null : lkg.manifestSha256(),
                    lkg == null ? null : lkg.packSha256(), state.rebindId().value(), state.phase().name(),
                    java.sql.Timestamp.from(at));
        } else if (event instanceof ActiveManifestRebound) {
            StoredManifest target = state.target();
            jdbc.update("""
                    update active_manifest_view set active_manifest_id = ?, active_manifest_sha256 = ?, active_pack_sha256 = ?,
                        last_rebind_phase = ?, integrity = 'UNVERIFIED', updated_at = ?
                    where scope_kind = ? and scope_id = ? and last_rebind_id = ?""",
                    target.manifestId(), target.manifestSha256(), target.packSha256(),
                    state.phase().name(), java.sql.Timestamp.from(at), scope.kind().pathSegment(), scope.id(),
                    state.rebindId().value());
        } else if (event instanceof ActiveManifestRestored) {
            // What was active before the failed write is active again; nobody has read it back since.
            StoredManifest restored = state.activeBefore();
            jdbc.update("""
                    update active_manifest_view set active_manifest_id = ?, active_manifest_sha256 = ?, active_pack_sha256 = ?,
                        last_rebind_phase = ?, integrity = 'UNVERIFIED', updated_at = ?
                    where scope_kind = ? and scope_id = ? and last_rebind_id = ?""",
                    restored.manifestId(), restored.manifestSha256(), restored.packSha256(),
                    state.phase().name(), java.sql.Timestamp.from(at), scope.kind().pathSegment(), scope.id(),
                    state.rebindId().value());
        } else if (event instanceof RebindFailed failed && state.probed() == null) {
            // Failed before storage was read: the scope still gets a row naming this rebind and its failure,
            // keeping whatever an earlier probe found.
            jdbc.update("""
                    insert into active_manifest_view (scope_kind, scope_id, last_rebind_id, last_rebind_phase, integrity, updated_at)
                    values (?, ?, ?, ?, 'UNVERIFIED', ?)
                    on conflict (scope_kind, scope_id) do update set
                        last_rebind_id = excluded.last_rebind_id, last_rebind_phase = excluded.last_rebind_phase,
                        updated_at = excluded.updated_at""",
                    scope.kind().pathSegment(), scope.id(), state.rebindId().value(), state.phase().name(),
                    java.sql.Timestamp.from(at));
        } else if (event instanceof IntegrityConfirmed || event instanceof RebindFailed) {
            String integrity = event instanceof IntegrityConfirmed ? "VERIFIED"
                    : ((RebindFailed) event).step() == RebindStep.INTEGRITY_READBACK ? "MISMATCH" : null;
            jdbc.update("""
                    update active_manifest_view set last_rebind_phase = ?, integrity = coalesce(?, integrity), updated_at = ?
                    where scope_kind = ? and scope_id = ? and last_rebind_id = ?""",
                    state.phase().name(), integrity, java.sql.Timestamp.from(at),
                    scope.kind().pathSegment(), scope.id(), state.rebindId().value());
        } else {
            jdbc.update("""
                    update active_manifest_view set last_rebind_phase = ?, updated_at = ?
                    where scope_kind = ? and scope_id = ? and last_rebind_id = ?""",
                    state.phase().name(), java.sql.Timestamp.from(at), scope.kind().pathSegment(), scope.id(),
                    state.rebindId().value());
        }
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
        String lastRebindId = rs.getString("last_rebind_id");
        RebindState.Failure lastFailure = lastRebindId == null ? null
                : load(RebindId.of(lastRebindId)).map(RebindState::failure).orElse(null);
        return new ActiveManifestView(
                Scope.of(ScopeKind.fromPathSegment(rs.getString("scope_kind")), rs.getString("scope_id")),
                manifest(rs.getString("active_manifest_id"), rs.getString("active_manifest_sha256"), rs.getString("active_pack_sha256")),
                manifest(rs.getString("lkg_manifest_id"), rs.getString("lkg_manifest_sha256"), rs.getString("lkg_pack_sha256")),
                lastRebindId, rs.getString("last_rebind_phase"), rs.getString("integrity"), lastFailure,
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
