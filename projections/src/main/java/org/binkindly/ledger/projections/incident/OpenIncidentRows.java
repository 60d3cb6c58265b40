package org.binkindly.ledger.projections.incident;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.binkindly.ledger.core.incident.IncidentClosed;
import org.binkindly.ledger.core.incident.IncidentDeclared;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the open_incident table the write side reads ({@code api.incident.OpenIncidents}, the
 * one-open-incident check): a row per declared incident, deleted when it closes. The ledger runs it
 * in a subscribing processor, inside the command's transaction, never replayed; so unlike the views
 * it is never behind the log. It lives here, outside the component-scanned {@code api} packages:
 * Spring's scan reads every class's method annotations, and reading {@code @EventHandler} made it
 * warn at start (see {@code api.config.AxonMessageHandlers}).
 */
@ProcessingGroup(OpenIncidentRows.PROCESSING_GROUP)
public class OpenIncidentRows {

    public static final String PROCESSING_GROUP = "open-incidents";

    private final JdbcTemplate jdbc;

    public OpenIncidentRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(IncidentDeclared event) {
        jdbc.update("insert into open_incident (incident_id, incident_class, scope) values (?, ?, ?) on conflict do nothing",
                event.incidentId().value(), event.incidentClass().name(), event.scope().toString());
    }

    @EventHandler
    void on(IncidentClosed event) {
        jdbc.update("delete from open_incident where incident_id = ?", event.incidentId().value());
    }
}
