package org.binkindly.ledger.projections.incident;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentDeclared;
import org.binkindly.ledger.core.incident.IncidentHistory;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.policy.RecurrencePolicy;
import org.binkindly.ledger.core.shared.Scope;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * When each incident of each class was detected for each scope: what the recurrence policy reads.
 * It runs in the policy's processing group, so the policy sees every earlier declaration.
 */
@ProcessingGroup(RecurrencePolicy.PROCESSING_GROUP)
public class IncidentHistoryProjector implements IncidentHistory {

    private final JdbcTemplate jdbc;

    public IncidentHistoryProjector(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(IncidentDeclared event) {
        jdbc.update("""
                insert into incident_history (incident_id, incident_class, scope, detected_at) values (?, ?, ?, ?)
                on conflict (incident_id) do nothing""",
                event.incidentId().value(), event.incidentClass().name(), event.scope().toString(),
                Timestamp.from(event.detectedAt()));
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from incident_history");
    }

    @Override
    public List<IncidentId> detectedBetween(IncidentClass incidentClass, Scope scope, Instant from, Instant to) {
        return jdbc.query("""
                        select incident_id from incident_history
                        where incident_class = ? and scope = ? and detected_at >= ? and detected_at <= ?
                        order by detected_at, incident_id""",
                (rs, row) -> IncidentId.of(rs.getString(1)),
                incidentClass.name(), scope.toString(), Timestamp.from(from), Timestamp.from(to));
    }
}
