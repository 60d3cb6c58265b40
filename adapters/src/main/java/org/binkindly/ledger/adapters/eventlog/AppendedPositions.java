package org.binkindly.ledger.adapters.eventlog;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The log positions of the events this thread appended in its last committed transactions, as the
 * insert returned them. A command's answer names the position of its last event; the thread that
 * ran the command asks {@link JdbcEventLog#positionOf} right after the commit, and finding it here
 * spares a second connection and query per command. Recorded only once the transaction commits (a
 * rolled-back append leaves nothing), and keyed by aggregate id and sequence number, which name one
 * stored event for good, so a position found here is always that event's.
 */
public final class AppendedPositions {

    /** Beyond this many aggregates a thread forgets what it appended before (the answer asks right after). */
    private static final int REMEMBERED_AGGREGATES = 256;

    /** Per thread: aggregate id to {sequence number, position} of the last event committed for it. */
    private static final ThreadLocal<Map<String, long[]>> COMMITTED = ThreadLocal.withInitial(HashMap::new);

    private AppendedPositions() {
    }

    /**
     * Remembers these appended events (parallel arrays) on this thread once the surrounding Spring
     * transaction commits; outside a transaction with synchronisation nothing is remembered and
     * {@link #committed} finds nothing (the position is then queried).
     */
    public static void rememberOnCommit(String[] aggregateIds, long[] sequenceNumbers, long[] positions) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                Map<String, long[]> committed = COMMITTED.get();
                if (committed.size() + aggregateIds.length > REMEMBERED_AGGREGATES) {
                    committed.clear();
                }
                for (int i = 0; i < aggregateIds.length; i++) {
                    long[] known = committed.get(aggregateIds[i]);
                    if (known == null || known[0] < sequenceNumbers[i]) {
                        committed.put(aggregateIds[i], new long[] {sequenceNumbers[i], positions[i]});
                    }
                }
            }
        });
    }

    /** The position of this event if this thread committed it lately (the last one of its aggregate). */
    static OptionalLong committed(String aggregateId, long sequenceNumber) {
        long[] known = COMMITTED.get().get(aggregateId);
        return known != null && known[0] == sequenceNumber ? OptionalLong.of(known[1]) : OptionalLong.empty();
    }
}
