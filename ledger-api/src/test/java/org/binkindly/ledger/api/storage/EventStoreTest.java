package org.binkindly.ledger.api.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.flyway.FlywayConnectionDetails;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event store as an auditor meets it in PostgreSQL: readable JSON, no large objects, append-only. */
class EventStoreTest extends LedgerHttpTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    FlywayConnectionDetails migrations;

    @Test
    void eventsAreReadableJsonInByteaWithNoLargeObjects() throws Exception {
        String id = new Incidents(ledger).declare("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG)
                .path("incidentId").asText();

        // every large object has a row here (pg_largeobject itself is for superusers only, which the ledger is not)
        assertThat(jdbc.queryForObject("select count(*) from pg_largeobject_metadata", Long.class)).isZero();
        List<String> binaryColumns = jdbc.queryForList("""
                select c.table_name || '.' || c.column_name || ':' || c.data_type
                from information_schema.columns c
                join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
                  and c.column_name in ('payload', 'meta_data', 'token')
                order by 1""", String.class);
        assertThat(binaryColumns).containsExactly("domain_event_entry.meta_data:bytea", "domain_event_entry.payload:bytea",
                "snapshot_event_entry.meta_data:bytea", "snapshot_event_entry.payload:bytea", "token_entry.token:bytea");

        Map<String, Object> row = jdbc.queryForMap("""
                select payload_type, payload_revision, convert_from(payload, 'UTF8') as payload,
                       convert_from(meta_data, 'UTF8') as meta_data
                from domain_event_entry where aggregate_identifier = ? and sequence_number = 0""", id);
        assertThat(row.get("payload_type")).isEqualTo("org.binkindly.ledger.core.incident.IncidentDeclared");
        assertThat(row.get("payload_revision")).isEqualTo("1");
        JsonNode payload = new ObjectMapper().readTree((String) row.get("payload"));
        assertThat(payload.path("incidentId").asText()).isEqualTo(id);
        assertThat(payload.path("incidentClass").asText()).isEqualTo("PUBLISH_FAILURE");
        JsonNode metadata = new ObjectMapper().readTree((String) row.get("meta_data"));
        assertThat(metadata.path("actor").asText()).isEqualTo("alice");
        assertThat(metadata.path("requestId").asText()).isNotBlank();

        String viaView = jdbc.queryForObject(
                "select payload ->> 'observedFailureMode' from event_log where aggregate_identifier = ? and sequence_number = 0",
                String.class, id);
        assertThat(viaView).isEqualTo("candidate pack rejected at the verifier gate");
    }

    @Test
    void theDatabaseRefusesToChangeOrDeleteAnEvent() {
        String id = new Incidents(ledger).declare("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG)
                .path("incidentId").asText();
        // the role the ledger runs as has no such privilege
        assertThatThrownBy(() -> jdbc.update(
                "update domain_event_entry set payload = payload where aggregate_identifier = ?", id))
                .rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.update("delete from domain_event_entry where aggregate_identifier = ?", id))
                .rootCause().hasMessageContaining("permission denied");
        // and the owner of the table, which has, meets the append-only trigger
        SingleConnectionDataSource owner = new SingleConnectionDataSource(migrations.getJdbcUrl(), migrations.getUsername(),
                migrations.getPassword(), true);
        try {
            JdbcTemplate asOwner = new JdbcTemplate(owner);
            assertThatThrownBy(() -> asOwner.update(
                    "update domain_event_entry set payload = payload where aggregate_identifier = ?", id))
                    .rootCause().hasMessageContaining("append-only");
            assertThatThrownBy(() -> asOwner.update("delete from domain_event_entry where aggregate_identifier = ?", id))
                    .rootCause().hasMessageContaining("append-only");
        } finally {
            owner.destroy();
        }
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, id)).isEqualTo(2);
    }
}
