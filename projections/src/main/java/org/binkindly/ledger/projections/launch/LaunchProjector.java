package org.binkindly.ledger.projections.launch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.queryhandling.QueryHandler;
import org.binkindly.ledger.core.launch.LaunchEvent;
import org.binkindly.ledger.core.launch.LaunchId;
import org.binkindly.ledger.core.launch.LaunchState;
import org.binkindly.ledger.core.launch.LaunchValidationStarted;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.Provenance;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;

/** Folds launch events into one row per scope and app build, with the sequence number last folded in. */
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

    @ResetHandler
    void reset() {
        jdbc.update("delete from launch_view");
    }

    @QueryHandler
    Optional<LaunchView> handle(FindLaunch query) {
        return load(query.launchId()).map(LaunchView::of);
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
