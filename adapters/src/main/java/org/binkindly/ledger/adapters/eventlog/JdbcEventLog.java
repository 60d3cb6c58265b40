package org.binkindly.ledger.adapters.eventlog;

import org.binkindly.ledger.core.audit.AuditEvent;
import org.binkindly.ledger.core.audit.AuditRecord;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.core.shared.QueryBounds;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The event log read with SQL from the tables Flyway creates for Axon's JDBC event store. This is
 * the one class that names them; the Axon configuration takes the names from here too. Reads go
 * through Spring's JDBC support, so they join the caller's transaction when there is one (a
 * command's unit of work, or a repeatable-read snapshot of the audit stream).
 */
public class JdbcEventLog implements EventLog {

    public static final String EVENT_TABLE = "domain_event_entry";
    public static final String SNAPSHOT_TABLE = "snapshot_event_entry";
    public static final String TOKEN_TABLE = "token_entry";

    /** Rows fetched per round trip when streaming: large enough to be quick, small enough to keep memory flat. */
    static final int FETCH_SIZE = 500;

    private static final String AUDIT_COLUMNS =
            "global_index, event_identifier, type, aggregate_identifier, sequence_number, time_stamp, payload_type, payload_revision, meta_data, payload";

    private static final String SEALED_EVENTS = "select e.global_index, e.event_identifier, e.type, e.aggregate_identifier,"
            + " e.sequence_number, e.time_stamp, e.payload_type, e.payload_revision, e.meta_data, e.payload, s.link"
            + " from " + EVENT_TABLE + " e left join audit_seal s on s.position = e.global_index where e.global_index > ?";

    private final JdbcTemplate jdbc;
    private final JdbcTemplate cursor;

    public JdbcEventLog(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.cursor = new JdbcTemplate(dataSource);
        this.cursor.setFetchSize(FETCH_SIZE);
    }

    @Override
    public OptionalLong restoredThrough() {
        return optional(jdbc.queryForObject("select max(through) from " + EventLogRestore.RESTORE_TABLE, Long.class));
    }

    @Override
    public OptionalLong head() {
        return optional(jdbc.queryForObject("select max(global_index) from " + EVENT_TABLE, Long.class));
    }

    @Override
    public long countAfter(long position) {
        Long count = jdbc.queryForObject("select count(*) from " + EVENT_TABLE + " where global_index > ?", Long.class, position);
        return count == null ? 0 : count;
    }

    @Override
    public OptionalLong lastSequence(String aggregateId) {
        return optional(jdbc.queryForObject("select max(sequence_number) from " + EVENT_TABLE + " where aggregate_identifier = ?",
                Long.class, aggregateId));
    }

    @Override
    public OptionalLong positionOf(String aggregateId, long sequenceNumber) {
        OptionalLong appendedHere = AppendedPositions.committed(aggregateId, sequenceNumber);
        if (appendedHere.isPresent()) {
            return appendedHere;
        }
        // the event store's unique key (aggregate_identifier, sequence_number) answers it from its index
        return optional(jdbc.query("select global_index from " + EVENT_TABLE + " where aggregate_identifier = ? and sequence_number = ?",
                rs -> rs.next() ? rs.getLong(1) : null, aggregateId, sequenceNumber));
    }

    @Override
    public boolean holdsAggregate(String aggregateType, String aggregateId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from " + EVENT_TABLE + " where aggregate_identifier = ? and type = ?)",
                Boolean.class, aggregateId, aggregateType));
    }

    @Override
    public boolean holdsAnyOf(Collection<Long> positions) {
        if (positions.isEmpty()) {
            return false;
        }
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from " + EVENT_TABLE + " where global_index = any (?))",
                Boolean.class, (Object) positions.toArray(Long[]::new)));
    }

    @Override
    public List<AuditEvent> readAfter(long position, int limit) {
        return jdbc.query("select " + AUDIT_COLUMNS + " from " + EVENT_TABLE + " where global_index > ? order by global_index limit ?",
                (rs, row) -> auditEvent(rs), position, limit);
    }

    @Override
    public List<EventPosition> positionsOf(String aggregateId) {
        return jdbc.query("select global_index, sequence_number, payload_type from " + EVENT_TABLE
                        + " where aggregate_identifier = ? order by global_index",
                (rs, row) -> new EventPosition(rs.getLong(1), rs.getLong(2), rs.getString(3)), aggregateId);
    }

    @Override
    public List<String> aggregatesNamingScope(Collection<String> payloadTypes, String scope, Instant until) {
        if (payloadTypes.isEmpty()) {
            return List.of();
        }
        return jdbc.queryForList("select aggregate_identifier from " + EVENT_TABLE
                        + " where payload_type = any (?) and cast(time_stamp as timestamptz) <= ?"
                        + " and convert_from(payload, 'UTF8')::jsonb ->> 'scope' = ?", String.class,
                payloadTypes.toArray(String[]::new), Timestamp.from(QueryBounds.storable(until)), scope);
    }

    @Override
    public void streamSealed(long after, Filter filter, Consumer<AuditRecord.Event> sink) {
        List<Object> args = new ArrayList<>();
        args.add(after);
        String sql = SEALED_EVENTS + where(filter, args) + " order by e.global_index";
        cursor.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            // Binary results: the payloads arrive as their bytes, not as hex text the driver decodes byte by
            // byte (a fifth of an export's CPU). The driver uses them only for a statement prepared on the
            // server, which a threshold of -1 makes this one at its first run.
            statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
            new ArgumentPreparedStatementSetter(args.toArray()).setValues(statement);
            return statement;
        }, rs -> {
            sink.accept(sealedEvent(rs));
        });
    }

    @Override
    public List<AuditRecord.Event> readSealed(long after, Filter filter, int limit) {
        List<Object> args = new ArrayList<>();
        args.add(after);
        String sql = SEALED_EVENTS + where(filter, args) + " order by e.global_index limit ?";
        args.add(limit);
        return jdbc.query(sql, (rs, row) -> sealedEvent(rs), args.toArray());
    }

    @Override
    public List<AuditRecord.Missing> sealedWithoutEvent(long after) {
        return jdbc.query("select s.position, s.link from audit_seal s where s.position > ?"
                        + " and not exists (select 1 from " + EVENT_TABLE + " e where e.global_index = s.position) order by s.position",
                (rs, row) -> new AuditRecord.Missing(rs.getLong(1), rs.getString(2)), after);
    }

    @Override
    public List<StoredToken> tokens(String processorName) {
        return jdbc.query("select segment, token, token_type from " + TOKEN_TABLE + " where processor_name = ? order by segment",
                (rs, row) -> new StoredToken(rs.getInt(1), rs.getBytes(2), rs.getString(3)), processorName);
    }

    @Override
    public Map<String, Long> processorLag() {
        Map<String, Long> lag = new LinkedHashMap<>();
        // Tokens are Jackson JSON: a replaying processor keeps its position under currentToken, a caught-up one under index.
        jdbc.query("select processor_name, greatest(0, (select coalesce(max(global_index), -1) from " + EVENT_TABLE + ")"
                + " - min(coalesce((convert_from(token, 'UTF8')::jsonb->>'index')::bigint,"
                + " (convert_from(token, 'UTF8')::jsonb->'currentToken'->>'index')::bigint, -1)))"
                + " from " + TOKEN_TABLE + " where token is not null group by processor_name order by processor_name", rs -> {
            lag.put(rs.getString(1), rs.getLong(2));
        });
        return lag;
    }

    private static String where(Filter filter, List<Object> args) {
        StringBuilder where = new StringBuilder();
        if (filter.aggregateId() != null) {
            where.append(" and e.aggregate_identifier = ?");
            args.add(filter.aggregateId());
        }
        if (filter.aggregateType() != null) {
            where.append(" and e.type = ?");
            args.add(filter.aggregateType());
        }
        if (filter.type() != null) {
            // a type is matched by its full name or by its simple name (IncidentDeclared)
            where.append(" and (e.payload_type = ? or e.payload_type like ?)");
            args.add(filter.type());
            args.add("%." + filter.type().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"));
        }
        if (filter.from() != null) {
            where.append(" and cast(e.time_stamp as timestamptz) >= ?");
            args.add(Timestamp.from(QueryBounds.storable(filter.from())));
        }
        if (filter.to() != null) {
            where.append(" and cast(e.time_stamp as timestamptz) < ?");
            args.add(Timestamp.from(QueryBounds.storable(filter.to())));
        }
        return where.toString();
    }

    private static AuditEvent auditEvent(ResultSet rs) throws SQLException {
        return new AuditEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getBytes(9), rs.getBytes(10));
    }

    private static AuditRecord.Event sealedEvent(ResultSet rs) throws SQLException {
        return new AuditRecord.Event(auditEvent(rs), rs.getString(11));
    }

    private static OptionalLong optional(Long value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
