package org.binkindly.ledger.api.audit;

import org.binkindly.ledger.core.eventlog.EventLog;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/** How far the sealer has come and where its checkpoints stand, read from its own tables. */
@Component
public class AuditChainStatus {

    /**
     * @param sealedThrough           position of the last sealed event (0: none yet)
     * @param sealedEvents            events in the chain
     * @param head                    the chain head
     * @param logHead                 the last position in the log (null for an empty log)
     * @param unsealedEvents          events after the sealed position, waiting for the sealer
     * @param lastCheckpoint          the newest signed checkpoint
     * @param lastAnchoredCheckpoint  the newest checkpoint kept in object storage
     * @param checkpointsNotAnchored  signed checkpoints not yet in object storage
     * @param anchorProblem           why the oldest of those is not there yet, if storage said
     */
    public record View(long sealedThrough, long sealedEvents, String head, Long logHead, long unsealedEvents,
                       CheckpointRow lastCheckpoint, CheckpointRow lastAnchoredCheckpoint, long checkpointsNotAnchored,
                       String anchorProblem) {
    }

    /**
     * A checkpoint as the table holds it, with where and when it was anchored.
     *
     * @param position the last log position the checkpoint covers
     * @param count how many events it covers
     * @param head the hash chain's head at that position, hex
     * @param sealedAt when it was signed (UTC instant, ISO 8601)
     * @param keyId the id of the key that signed it
     * @param signature its signature, base64
     * @param anchoredAt when it was copied to object storage (UTC instant, ISO 8601); absent until then
     * @param anchorLocation where its copy is kept in object storage
     * @param anchorProblem why the copy failed, if it did
     */
    public record CheckpointRow(long position, long count, String head, String sealedAt, String keyId, String signature,
                                Instant anchoredAt, String anchorLocation, String anchorProblem) {
    }

    private static final String CHECKPOINT_COLUMNS =
            "position, event_count, head, sealed_at, key_id, signature, anchored_at, anchor_location, anchor_problem";

    private final JdbcTemplate jdbc;
    private final EventLog eventLog;

    public AuditChainStatus(JdbcTemplate jdbc, EventLog eventLog) {
        this.jdbc = jdbc;
        this.eventLog = eventLog;
    }

    public View view() {
        return jdbc.queryForObject("""
                select h.position, h.event_count, h.head,
                       (select count(*) from audit_checkpoint where anchored_at is null),
                       (select anchor_problem from audit_checkpoint where anchored_at is null order by position limit 1)
                from audit_chain_head h where h.id = 1""", (rs, row) -> {
            long sealed = rs.getLong(1);
            OptionalLong logHead = eventLog.head();
            return new View(sealed, rs.getLong(2), rs.getString(3), logHead.isPresent() ? logHead.getAsLong() : null,
                    eventLog.countAfter(sealed),
                    latest("select " + CHECKPOINT_COLUMNS + " from audit_checkpoint order by position desc limit 1"),
                    latest("select " + CHECKPOINT_COLUMNS + " from audit_checkpoint where anchored_at is not null order by position desc limit 1"),
                    rs.getLong(4), rs.getString(5));
        });
    }

    /** The last position written before writer authentication began (recorded once, by migration V55). */
    public long unauthenticatedThrough() {
        return jdbc.queryForObject("select unauthenticated_through from audit_writer_authentication where id = 1", Long.class);
    }

    /** Signed checkpoints, newest first. */
    public List<CheckpointRow> checkpoints(int limit) {
        return jdbc.query("select " + CHECKPOINT_COLUMNS + " from audit_checkpoint order by position desc limit ?",
                (rs, row) -> checkpoint(rs), limit);
    }

    private CheckpointRow latest(String sql) {
        return jdbc.query(sql, (rs, row) -> checkpoint(rs)).stream().findFirst().orElse(null);
    }

    private static CheckpointRow checkpoint(ResultSet rs) throws SQLException {
        return new CheckpointRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant(), rs.getString(8),
                rs.getString(9));
    }
}
