package org.binkindly.ledger.projections.launch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.queryhandling.QueryHandler;
import org.binkindly.ledger.core.launch.ExpansionCompleted;
import org.binkindly.ledger.core.launch.LaunchEvent;
import org.binkindly.ledger.core.launch.LaunchId;
import org.binkindly.ledger.core.launch.LaunchState;
import org.binkindly.ledger.core.launch.LaunchValidationStarted;
import org.binkindly.ledger.core.launch.NoGoFinding;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.Provenance;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Folds launch events into one row per scope and app build, with the sequence number last folded in;
 * and keeps each completed expansion, so a scope's launches and expansions can be listed.
 */
@ProcessingGroup(LaunchProjector.PROCESSING_GROUP)
public class LaunchProjector {

    public static final String PROCESSING_GROUP = "launches";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public LaunchProjector(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(LaunchEvent event, @MetaDataValue(MetadataKeys.ACTOR) String actor, @Timestamp Instant recordedAt,
            @SequenceNumber Long sequenceNumber) {
        long sequence = sequenceNumber == null ? 0 : sequenceNumber;
        Provenance provenance = new Provenance(actor, recordedAt);
        if (event instanceof LaunchValidationStarted started) {
            LaunchState state = LaunchState.startedBy(started, provenance, sequence);
            LaunchId id = started.launchId();
            jdbc.update("""
                    insert into launch_view (launch_id, scope_kind, scope_id, app_build, validated, completed, version, state)
                    values (?, ?, ?, ?, false, false, ?, ?::jsonb) on conflict (launch_id) do nothing""",
                    id.toString(), id.scope().kind().pathSegment(), id.scope().id(), id.appBuild(), sequence, toJson(state));
            return;
        }
        load(event.launchId()).filter(state -> state.version() < sequence).ifPresent(state -> {
            state.apply(event, provenance, sequence);
            jdbc.update("update launch_view set validated = ?, completed = ?, version = ?, state = ?::jsonb where launch_id = ?",
                    state.isValidated(), state.isCompleted(), sequence, toJson(state), event.launchId().toString());
        });
    }

    @EventHandler
    void on(ExpansionCompleted event, @MetaDataValue(MetadataKeys.ACTOR) String actor, @Timestamp Instant recordedAt) {
        jdbc.update("""
                insert into expansion_view (expansion_id, scope_kind, scope_id, description, completed_by, completed_at, findings)
                values (?, ?, ?, ?, ?, ?, ?::jsonb) on conflict (expansion_id) do nothing""",
                event.expansionId().value(), event.scope().kind().pathSegment(), event.scope().id(), event.description(), actor,
                java.sql.Timestamp.from(recordedAt), toJson(event.findings()));
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from launch_view");
        jdbc.update("delete from expansion_view");
    }

    @QueryHandler
    Optional<LaunchView> handle(FindLaunch query) {
        return load(query.launchId()).map(LaunchView::of);
    }

    @QueryHandler
    List<LaunchView> handle(ListLaunches query) {
        return jdbc.query("select state from launch_view where scope_kind = ? and scope_id = ? order by app_build",
                (rs, row) -> LaunchView.of(read(rs.getString(1))), query.scope().kind().pathSegment(), query.scope().id());
    }

    @QueryHandler
    List<ExpansionView> handle(ListExpansions query) {
        return jdbc.query("""
                select expansion_id, description, completed_by, completed_at, findings from expansion_view
                where scope_kind = ? and scope_id = ? order by completed_at desc, expansion_id""",
                (rs, row) -> new ExpansionView(rs.getString(1), query.scope(), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), readFindings(rs.getString(5))),
                query.scope().kind().pathSegment(), query.scope().id());
    }

    private List<NoGoFinding> readFindings(String text) {
        try {
            return json.readValue(text, new TypeReference<List<NoGoFinding>>() { });
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<LaunchState> load(LaunchId launchId) {
        return jdbc.query("select state from launch_view where launch_id = ?", (rs, row) -> read(rs.getString(1)),
                launchId.toString()).stream().findFirst();
    }

    private LaunchState read(String text) {
        try {
            return json.readValue(text, LaunchState.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
