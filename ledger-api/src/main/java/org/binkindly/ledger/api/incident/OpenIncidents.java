package org.binkindly.ledger.api.incident;

import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.Scope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The open_incident table: which incidents are open, by class and scope, written ({@code projections.incident.OpenIncidentRows})
 * by a subscribing processor in the very transaction that appends the declaration or closure, so it is
 * never behind the log and "is one of this class and scope open?" is answered without waiting for any
 * view. Derived from the log alone (its migration and a restore fill it from the stored events).
 */
@Component
public class OpenIncidents {

    private final JdbcTemplate jdbc;

    OpenIncidents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** An open incident of this class and scope other than {@code except} (committed so far), or null. */
    IncidentId openOf(IncidentClass incidentClass, Scope scope, IncidentId except) {
        return jdbc.query("""
                        select incident_id from open_incident
                        where incident_class = ? and scope = ? and incident_id <> ? order by incident_id limit 1""",
                (rs, row) -> IncidentId.of(rs.getString(1)),
                incidentClass.name(), scope.toString(), except.value()).stream().findFirst().orElse(null);
    }

    /**
     * Serialises, until this transaction ends, every declaration of this class and scope (on any node:
     * a PostgreSQL advisory lock), so that of two concurrent ones the second sees the first's row.
     */
    void lockClassAndScope(IncidentClass incidentClass, Scope scope) {
        jdbc.query("select pg_advisory_xact_lock(hashtextextended(?, 0))", rs -> null, lockName(incidentClass, scope));
    }

    /** The name whose hash is the advisory lock of a class and scope. */
    static String lockName(IncidentClass incidentClass, Scope scope) {
        return "open-incident/" + incidentClass.name() + "/" + scope;
    }
}
