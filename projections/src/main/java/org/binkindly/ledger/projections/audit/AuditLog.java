package org.binkindly.ledger.projections.audit;

import org.binkindly.ledger.core.audit.AuditRecord;
import org.binkindly.ledger.core.audit.Checkpoint;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The audit stream read straight from PostgreSQL: every event with its stored bytes and the link
 * sealed for it, in global order, from the {@link EventLog}. Reads run through a server-side cursor
 * (autocommit off, a fetch size), so memory stays flat however long the log is, and inside one
 * repeatable-read snapshot, so events, seals and checkpoints always agree with each other.
 */
public class AuditLog {

    /** What to narrow the stream to; all null for the whole log. */
    public record Filter(String aggregateId, String aggregateType, String type, Instant from, Instant to) {

        public static final Filter NONE = new Filter(null, null, null, null, null);

        public boolean isEmpty() {
            return aggregateId == null && aggregateType == null && type == null && from == null && to == null;
        }

        EventLog.Filter forEventLog() {
            return new EventLog.Filter(aggregateId, aggregateType, type, from, to);
        }
    }

    /** Receives the records of a stream, in order. */
    @FunctionalInterface
    public interface Sink {
        void accept(AuditRecord record) throws IOException;
    }

    public record Page(List<AuditRecord.Event> events, Long nextAfter) {
    }

    /** Records read ahead of the sink, at most (a few KB each). */
    private static final int READ_AHEAD = 1_000;
    /** How long an abandoned stream's reader may take to finish the fetch it is in. */
    private static final Duration READER_STOPS_WITHIN = Duration.ofSeconds(30);
    private static final Object END_OF_STREAM = new Object();

    private final EventLog eventLog;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;

    public AuditLog(EventLog eventLog, DataSource dataSource, PlatformTransactionManager transactions) {
        this.eventLog = eventLog;
        this.jdbc = new JdbcTemplate(dataSource);
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /**
     * Streams the log after position {@code after}. Unfiltered, the stream also carries the sealer's
     * record: sealed positions that hold no event any more, and the signed checkpoints after the
     * event they cover. Filtered, it carries matching events only.
     *
     * <p>The log is read on a thread of its own, at most {@value #READ_AHEAD} records ahead of the sink, which
     * runs on the caller's: reading and writing then overlap. On one thread, PostgreSQL waited while the sink wrote
     * each fetch's rows, and the sink waited while PostgreSQL read the next (a million-event export took about
     * 8 s, 3.8 s of it the request thread's CPU and 3 s PostgreSQL's). When the sink fails (the client went away),
     * reading stops and the snapshot ends.
     */
    public void stream(long after, Filter filter, Sink sink) throws IOException {
        BlockingQueue<Object> ahead = new ArrayBlockingQueue<>(READ_AHEAD);
        AtomicBoolean abandoned = new AtomicBoolean();
        Thread reader = new Thread(() -> read(after, filter, ahead, abandoned), "audit-stream-read");
        reader.setDaemon(true);
        reader.start();
        try {
            while (true) {
                Object next = ahead.take();
                if (next == END_OF_STREAM) {
                    return;
                }
                if (next instanceof ReadFailure failure) {
                    if (failure.cause() instanceof Error error) {
                        throw error;
                    }
                    throw (RuntimeException) failure.cause();
                }
                sink.accept((AuditRecord) next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while streaming the audit log");
        } finally {
            abandoned.set(true);
            ahead.clear();
            try {
                reader.join(READER_STOPS_WITHIN.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record ReadFailure(Throwable cause) {
    }

    /** The stream's caller stopped taking records: the read ends, and its snapshot with it. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super("the audit stream's reader was abandoned", null, false, false);
        }
    }

    /** The reader thread: reads inside one snapshot and hands each record over, then the end or the failure. */
    private void read(long after, Filter filter, BlockingQueue<Object> ahead, AtomicBoolean abandoned) {
        Sink handOver = record -> handOver(ahead, record, abandoned);
        try {
            snapshot.executeWithoutResult(status -> {
                Deque<AuditRecord> sealerRecords = filter.isEmpty() ? sealerRecords(after) : new ArrayDeque<>();
                eventLog.streamSealed(after, filter.forEventLog(), event -> {
                    emitBefore(event.position(), sealerRecords, handOver);
                    emit(handOver, event);
                });
                emitBefore(Long.MAX_VALUE, sealerRecords, handOver);
            });
            handOver(ahead, END_OF_STREAM, abandoned);
        } catch (Abandoned stopped) {
            // nobody reads on: the snapshot is over, and nothing is left to hand over
        } catch (RuntimeException | Error failed) {
            try {
                handOver(ahead, new ReadFailure(failed), abandoned);
            } catch (Abandoned stopped) {
                // the caller had already stopped
            }
        }
    }

    private static void handOver(BlockingQueue<Object> ahead, Object item, AtomicBoolean abandoned) {
        if (abandoned.get()) {
            throw new Abandoned(); // the caller cleared the queue on leaving: stop before filling it again
        }
        try {
            while (!ahead.offer(item, 100, TimeUnit.MILLISECONDS)) {
                if (abandoned.get()) {
                    throw new Abandoned();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Abandoned();
        }
    }

    /** Up to {@code limit} events after position {@code after}; {@code nextAfter} is the cursor for the next page. */
    public Page page(long after, int limit, Filter filter) {
        List<AuditRecord.Event> events = snapshot.execute(status -> eventLog.readSealed(after, filter.forEventLog(), limit + 1));
        boolean more = events.size() > limit;
        List<AuditRecord.Event> page = more ? events.subList(0, limit) : events;
        return new Page(List.copyOf(page), more ? page.get(page.size() - 1).position() : null);
    }

    /** Every signed checkpoint in the table, in position order. */
    public List<Checkpoint> checkpoints() {
        return jdbc.query("select position, event_count, head, sealed_at, key_id, signature from audit_checkpoint order by position",
                (rs, row) -> checkpoint(rs));
    }

    private Deque<AuditRecord> sealerRecords(long after) {
        Deque<AuditRecord> records = new ArrayDeque<>();
        List<AuditRecord.Missing> missing = eventLog.sealedWithoutEvent(after);
        List<AuditRecord> signed = jdbc.query("""
                select position, event_count, head, sealed_at, key_id, signature from audit_checkpoint
                where position > ? order by position""", (rs, row) -> new AuditRecord.Signed(checkpoint(rs)), after);
        // Merged by position; at one position the missing event comes before the checkpoint covering it.
        int m = 0;
        int c = 0;
        while (m < missing.size() || c < signed.size()) {
            if (c == signed.size() || (m < missing.size() && missing.get(m).position() <= signed.get(c).position())) {
                records.add(missing.get(m++));
            } else {
                records.add(signed.get(c++));
            }
        }
        return records;
    }

    /** Emits the sealer's records that belong before an event at {@code position}: a checkpoint at it waits until after it. */
    private static void emitBefore(long position, Deque<AuditRecord> sealerRecords, Sink sink) {
        while (!sealerRecords.isEmpty() && sealerRecords.peekFirst().position() < position) {
            emit(sink, sealerRecords.pollFirst());
        }
    }

    private static void emit(Sink sink, AuditRecord record) {
        try {
            sink.accept(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Checkpoint checkpoint(ResultSet rs) throws SQLException {
        return new Checkpoint(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));
    }
}
