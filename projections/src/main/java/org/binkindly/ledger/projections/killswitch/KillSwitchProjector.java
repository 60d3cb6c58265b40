package org.binkindly.ledger.projections.killswitch;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.queryhandling.QueryHandler;
import org.binkindly.ledger.core.killswitch.KillSwitchActivated;
import org.binkindly.ledger.core.killswitch.KillSwitchEvent;
import org.binkindly.ledger.core.killswitch.KillSwitchId;
import org.binkindly.ledger.core.killswitch.KillSwitchState;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.projections.support.JsonDocuments;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Folds kill-switch events into one row per activation; rows remember the last sequence folded in. */
@ProcessingGroup(KillSwitchProjector.PROCESSING_GROUP)
public class KillSwitchProjector {

    public static final String PROCESSING_GROUP = "kill-switches";

    private final JdbcTemplate jdbc;
    private final JsonDocuments json;

    public KillSwitchProjector(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = new JsonDocuments(json);
    }

    @EventHandler
    void on(KillSwitchEvent event, @MetaDataValue(MetadataKeys.ACTOR) String actor, @Timestamp Instant recordedAt,
            @SequenceNumber Long sequenceNumber) {
        long sequence = sequenceNumber == null ? 0 : sequenceNumber;
        Provenance provenance = new Provenance(actor, recordedAt);
        if (event instanceof KillSwitchActivated activated) {
            KillSwitchState state = KillSwitchState.activatedBy(activated, provenance, sequence);
            jdbc.update("""
                    insert into kill_switch_view (kill_switch_id, kind, scope_kind, scope_id, active, drill, incident_id,
                                                  activated_at, version, state)
                    values (?, ?, ?, ?, true, ?, ?, ?, ?, ?::jsonb)
                    on conflict (kill_switch_id) do nothing""",
                    state.killSwitchId().value(), state.kind().name(), state.scope().kind().pathSegment(),
                    state.scope().id(), state.drill(), state.incidentId() == null ? null : state.incidentId().value(),
                    java.sql.Timestamp.from(state.activatedAt()), sequence, json.write(state));
            return;
        }
        load(event.killSwitchId())
                .filter(state -> state.version() < sequence)
                .ifPresent(state -> {
                    state.apply(event, provenance, sequence);
                    jdbc.update("update kill_switch_view set active = ?, version = ?, state = ?::jsonb where kill_switch_id = ?",
                            state.isActive(), sequence, json.write(state), state.killSwitchId().value());
                });
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from kill_switch_view");
    }

    @QueryHandler
    Optional<KillSwitchView> handle(FindKillSwitch query) {
        return load(query.killSwitchId()).map(KillSwitchView::of);
    }

    @QueryHandler
    List<KillSwitchView> handle(ListKillSwitches query) {
        StringBuilder sql = new StringBuilder("select state from kill_switch_view where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (query.scope() != null) {
            sql.append(" and scope_kind = ? and scope_id = ?");
            args.add(query.scope().kind().pathSegment());
            args.add(query.scope().id());
        }
        if (query.activeOnly()) {
            sql.append(" and active");
        }
        sql.append(" order by activated_at desc, kill_switch_id");
        return jdbc.query(sql.toString(), (rs, row) -> KillSwitchView.of(json.read(rs.getString(1), KillSwitchState.class)), args.toArray());
    }

    private Optional<KillSwitchState> load(KillSwitchId killSwitchId) {
        return jdbc.query("select state from kill_switch_view where kill_switch_id = ?",
                (rs, row) -> json.read(rs.getString(1), KillSwitchState.class), killSwitchId.value()).stream().findFirst();
    }
}
