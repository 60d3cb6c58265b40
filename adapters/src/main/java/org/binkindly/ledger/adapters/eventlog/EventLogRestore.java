package org.binkindly.ledger.adapters.eventlog;

import org.binkindly.ledger.core.audit.AuditEvent;
import org.binkindly.ledger.core.audit.AuditRecord;
import org.binkindly.ledger.core.audit.Checkpoint;
import org.binkindly.ledger.core.audit.EventAuthentication;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Writes a verified audit export back into an empty database: the events exactly as stored (same
 * positions, bytes and writer signatures), the sealer's links, its signed checkpoints and the
 * chain head it had reached, so the restored chain is the original one and the sealer continues
 * it. Views are not restored: they are rebuilt from the events ({@code restored_from_backup}).
 *
 * <p>Runs on the owner's connection inside the caller's transaction; the caller commits only if
 * the whole export verified. Checkpoints are written as not yet anchored, so the restored ledger
 * anchors them in its own object storage (an identical object already there is accepted).
 */
public final class EventLogRestore implements Consumer<AuditRecord> {

    static final String RESTORE_TABLE = "restored_from_backup";

    private static final int BATCH = 500;

    /** What a restore wrote. */
    public record Restored(long events, long sealed, long checkpoints, long lastPosition) {
    }

    /** The database already holds a log (or a ledger has run on it): restoring over it is refused. */
    public static final class NotEmpty extends Exception {
        NotEmpty(String message) {
            super(message);
        }
    }

    private final Connection owner;
    private final PreparedStatement insertEvent;
    private final PreparedStatement insertSeal;
    private final PreparedStatement insertCheckpoint;
    private int pendingEvents;
    private int pendingSeals;
    private long events;
    private long sealed;
    private long checkpoints;
    private long lastPosition;
    private long lastSealedPosition;
    private String lastLink;
    private Checkpoint lastCheckpoint;
    private boolean signedSeen;
    private long unauthenticatedThrough;

    private EventLogRestore(Connection owner) throws SQLException {
        this.owner = owner;
        this.insertEvent = owner.prepareStatement("insert into " + JdbcEventLog.EVENT_TABLE + " (global_index, event_identifier,"
                + " aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data)"
                + " values (?,?,?,?,?,?,?,?,?,?)");
        this.insertSeal = owner.prepareStatement("insert into audit_seal (position, link) values (?, ?)");
        this.insertCheckpoint = owner.prepareStatement("insert into audit_checkpoint (position, event_count, head, sealed_at,"
                + " key_id, signature) values (?, ?, ?, ?, ?, ?)");
    }

    /**
     * Starts a restore into the database behind {@code owner} (migrated, in a transaction), after
     * checking that no log, token or earlier restore is there.
     */
    public static EventLogRestore into(Connection owner) throws SQLException, NotEmpty {
        for (String table : new String[]{JdbcEventLog.EVENT_TABLE, "audit_seal", "audit_checkpoint", JdbcEventLog.TOKEN_TABLE,
                RESTORE_TABLE}) {
            try (Statement sql = owner.createStatement(); ResultSet rows = sql.executeQuery("select count(*) from " + table)) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    throw new NotEmpty(("the database is not empty: %s holds %d rows. A restore only goes into a database no "
                            + "ledger has run on (a new data directory, or a new external database)").formatted(table, rows.getLong(1)));
                }
            }
        }
        return new EventLogRestore(owner);
    }

    @Override
    public void accept(AuditRecord record) {
        try {
            if (record instanceof AuditRecord.Event event) {
                event(event);
            } else if (record instanceof AuditRecord.Signed signed) {
                checkpoint(signed.checkpoint());
            } else {
                // a verified export holds no "missing" records: verification fails on the first one
                throw new IllegalArgumentException("cannot restore a stream with a missing event at position " + record.position());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the restored log: " + e.getMessage(), e);
        }
    }

    private void event(AuditRecord.Event record) throws SQLException {
        AuditEvent event = record.event();
        insertEvent.setLong(1, event.position());
        insertEvent.setString(2, event.eventId());
        insertEvent.setString(3, event.aggregateId());
        insertEvent.setLong(4, event.sequenceNumber());
        insertEvent.setString(5, event.aggregateType());
        insertEvent.setString(6, event.timestamp());
        insertEvent.setString(7, event.payloadType());
        insertEvent.setString(8, event.payloadRevision());
        insertEvent.setBytes(9, event.payload());
        insertEvent.setBytes(10, event.metadata());
        insertEvent.addBatch();
        events++;
        lastPosition = event.position();
        if (signed(event)) {
            signedSeen = true;
        } else if (!signedSeen) {
            // events from before writer authentication began: the restored ledger must know where that ended
            unauthenticatedThrough = event.position();
        }
        if (record.link() != null) {
            insertSeal.setLong(1, event.position());
            insertSeal.setString(2, record.link());
            insertSeal.addBatch();
            pendingSeals++;
            sealed++;
            lastSealedPosition = event.position();
            lastLink = record.link();
        }
        if (++pendingEvents >= BATCH) {
            flush();
        }
    }

    private static boolean signed(AuditEvent event) {
        return event.metadata() != null
                && new String(event.metadata(), StandardCharsets.UTF_8).contains('"' + EventAuthentication.METADATA_KEY + '"');
    }

    private void checkpoint(Checkpoint checkpoint) throws SQLException {
        insertCheckpoint.setLong(1, checkpoint.position());
        insertCheckpoint.setLong(2, checkpoint.count());
        insertCheckpoint.setString(3, checkpoint.head());
        insertCheckpoint.setString(4, checkpoint.sealedAt());
        insertCheckpoint.setString(5, checkpoint.keyId());
        insertCheckpoint.setString(6, checkpoint.signature());
        insertCheckpoint.executeUpdate();
        checkpoints++;
        lastCheckpoint = checkpoint;
    }

    private void flush() throws SQLException {
        if (pendingEvents > 0) {
            insertEvent.executeBatch();
            pendingEvents = 0;
        }
        if (pendingSeals > 0) {
            insertSeal.executeBatch();
            pendingSeals = 0;
        }
    }

    /**
     * Writes what follows from the events: the chain head where the sealer stopped, where writer
     * authentication began, the position sequence, and the restore marker that makes every event
     * processor start as if reset at the restored head. The caller commits.
     */
    public Restored finish(String backupExportedAt) throws SQLException {
        flush();
        try (PreparedStatement head = owner.prepareStatement("update audit_chain_head set position = ?, event_count = ?,"
                + " head = coalesce(?, head), last_checkpoint_count = ?, last_checkpoint_at = ? where id = 1")) {
            head.setLong(1, lastSealedPosition);
            head.setLong(2, sealed);
            head.setString(3, lastLink);
            head.setLong(4, lastCheckpoint == null ? 0 : lastCheckpoint.count());
            head.setTimestamp(5, lastCheckpoint == null ? null : Timestamp.from(Instant.parse(lastCheckpoint.sealedAt())));
            head.executeUpdate();
        }
        try (Statement sql = owner.createStatement()) {
            // the migration recorded "nothing before authentication" for the empty table; the original may have had a prefix
            sql.execute("alter table audit_writer_authentication disable trigger audit_writer_authentication_fixed");
            sql.execute("update audit_writer_authentication set unauthenticated_through = " + unauthenticatedThrough);
            sql.execute("alter table audit_writer_authentication enable trigger audit_writer_authentication_fixed");
            if (lastPosition > 0) {
                sql.execute("select setval(pg_get_serial_sequence('" + JdbcEventLog.EVENT_TABLE + "', 'global_index'), "
                        + lastPosition + ")");
            }
        }
        try (Statement sql = owner.createStatement()) {
            // the write side's open incidents (projections.incident.OpenIncidentRows) are derived from the log as its migration does
            sql.execute("insert into open_incident (incident_id, incident_class, scope)"
                    + " select d.payload ->> 'incidentId', d.payload ->> 'incidentClass', d.payload ->> 'scope'"
                    + " from (select convert_from(payload, 'UTF8')::jsonb as payload from " + JdbcEventLog.EVENT_TABLE
                    + " where payload_type = 'org.binkindly.ledger.core.incident.IncidentDeclared') d"
                    + " where not exists (select 1 from " + JdbcEventLog.EVENT_TABLE + " c"
                    + " where c.payload_type = 'org.binkindly.ledger.core.incident.IncidentClosed'"
                    + " and c.aggregate_identifier = d.payload ->> 'incidentId')"
                    + " on conflict (incident_id) do nothing");
        }
        try (PreparedStatement marker = owner.prepareStatement("insert into " + RESTORE_TABLE
                + " (id, through, backup_exported_at) values (1, ?, ?)")) {
            marker.setLong(1, lastPosition);
            marker.setString(2, backupExportedAt);
            marker.executeUpdate();
        }
        insertEvent.close();
        insertSeal.close();
        insertCheckpoint.close();
        return new Restored(events, sealed, checkpoints, lastPosition);
    }
}
