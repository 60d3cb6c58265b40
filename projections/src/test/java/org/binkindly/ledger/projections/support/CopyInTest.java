package org.binkindly.ledger.projections.support;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.ConnectionCallback;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CopyInTest {

    @RegisterExtension
    static final EmbeddedDatabase database = new EmbeddedDatabase();

    private static final String COLUMNS = "incident_id, sequence_number, recorded_at, actor, event_type, event";

    @Test
    void everyValueReadsBackAsItWasGivenWhateverItsCharacters() {
        Instant recordedAt = Instant.parse("2026-12-06T17:26:51.123456Z");
        List<Object[]> rows = List.of(
                row(0, recordedAt, "plain", "{\"detail\": \"plain\"}"),
                row(1, recordedAt, "tab\there", "{\"detail\": \"a \\\\ backslash, a \\\"quote\\\", a \\n newline\"}"),
                row(2, recordedAt, "line\nbreak\r\nand \\N", "{\"detail\": \"\\\\N \\\\. \\\\t\"}"),
                row(3, recordedAt, "Bjørn ✓ 🚨 \\ after", "{\"detail\": \"Zürich ✓ 🚨 \\\\ after\"}"),
                row(4, recordedAt, null, "{\"detail\": \"no actor\"}"),
                row(5, recordedAt, "\\.", "{}"));

        long copied = database.jdbc().execute((ConnectionCallback<Long>) connection ->
                CopyIn.rows(connection, "incident_timeline", COLUMNS, rows));

        assertThat(copied).isEqualTo(rows.size());
        List<Map<String, Object>> stored = database.jdbc().queryForList("""
                select sequence_number, recorded_at, actor, event::text as event from incident_timeline order by sequence_number""");
        assertThat(stored).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Object[] given = rows.get(i);
            Map<String, Object> read = stored.get(i);
            assertThat(read.get("actor")).as("actor of row %d", i).isEqualTo(given[3]);
            assertThat(((Timestamp) read.get("recorded_at")).toInstant()).isEqualTo(recordedAt);
            String event = database.jdbc().queryForObject("select ?::jsonb::text", String.class, given[5]);
            assertThat(read.get("event")).as("event of row %d", i).isEqualTo(event);
        }
    }

    @Test
    void aRowAlreadyThereFailsTheWholeCopyAsAUniqueViolation() {
        Instant recordedAt = Instant.parse("2026-12-06T17:00:00Z");
        database.jdbc().execute((ConnectionCallback<Long>) connection ->
                CopyIn.rows(connection, "incident_timeline", COLUMNS, List.<Object[]>of(row(1, recordedAt, "first", "{}"))));
        List<Object[]> again = new ArrayList<>();
        again.add(row(0, recordedAt, "new", "{}"));
        again.add(row(1, recordedAt, "again", "{}"));

        assertThatThrownBy(() -> database.jdbc().execute((ConnectionCallback<Long>) connection -> {
            try {
                return CopyIn.rows(connection, "incident_timeline", COLUMNS, again);
            } catch (SQLException failed) {
                assertThat(failed.getSQLState()).isEqualTo("23505");
                throw failed;
            }
        })).hasMessageContaining("incident_timeline_pkey");
        assertThat(database.jdbc().queryForList("select actor from incident_timeline", String.class)).containsExactly("first");
        // the connection is usable again: the failed COPY ended, it is not left waiting for data
        assertThat(database.jdbc().execute((ConnectionCallback<Long>) connection ->
                CopyIn.rows(connection, "incident_timeline", COLUMNS, List.<Object[]>of(row(0, recordedAt, "new", "{}"))))).isEqualTo(1);
    }

    @Test
    void aTimestampIsStoredAsAnInsertBindingItStoresIt() {
        // an insert rounds nanoseconds to microseconds half up in pgjdbc; the view check compares rows written
        // either way (a batch's size decides which), so COPY must round the same
        Instant second = Instant.parse("2026-12-06T04:46:38Z");
        List<Instant> instants = List.of(second.plusNanos(514_471_500), second.plusNanos(514_472_500), second.plusNanos(514_471_499),
                second.plusNanos(999_999_500), second.plusNanos(999_999_499), second.plusNanos(1_500), second.plusNanos(123_456_000));
        List<Object[]> copied = new ArrayList<>();
        for (int i = 0; i < instants.size(); i++) {
            database.jdbc().update("insert into incident_timeline (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?::jsonb)",
                    "inc-insert", i, Timestamp.from(instants.get(i)), "insert", "IncidentDeclared", "{}");
            copied.add(new Object[]{"inc-copy", (long) i, Timestamp.from(instants.get(i)), "copy", "IncidentDeclared", "{}"});
        }
        database.jdbc().execute((ConnectionCallback<Long>) connection -> CopyIn.rows(connection, "incident_timeline", COLUMNS, copied));

        List<String> inserted = database.jdbc().queryForList(
                "select recorded_at::text from incident_timeline where incident_id = 'inc-insert' order by sequence_number", String.class);
        List<String> fromCopy = database.jdbc().queryForList(
                "select recorded_at::text from incident_timeline where incident_id = 'inc-copy' order by sequence_number", String.class);
        assertThat(fromCopy).hasSize(instants.size()).isEqualTo(inserted);
    }

    @Test
    void nothingToCopyAsksNothingOfTheDatabase() throws SQLException {
        assertThat(CopyIn.rows(null, "incident_timeline", COLUMNS, List.of())).isZero();
    }

    @Test
    void textFormatEscapesOnlyWhatCopyReadsAsSyntax() {
        CopyIn.CopyText text = new CopyIn.CopyText(0);
        text.row(new Object[]{"a\\b\tc\nd\re", null, 42L, "é\\\t✓"});
        assertThat(new String(text.bytes, 0, text.length, StandardCharsets.UTF_8)).isEqualTo("a\\\\b\\tc\\nd\\re\t\\N\t42\té\\\\\\t✓\n");
    }

    private static Object[] row(long sequence, Instant recordedAt, String actor, String event) {
        return new Object[]{"inc-copy", sequence, Timestamp.from(recordedAt), actor, "IncidentDeclared", event};
    }
}
