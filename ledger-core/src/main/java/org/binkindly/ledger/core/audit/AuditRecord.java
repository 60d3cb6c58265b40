package org.binkindly.ledger.core.audit;

/**
 * One entry of the audit stream, in position order: an event with the link the sealer recorded
 * for it, a position the sealer sealed that no longer holds an event, or a signed checkpoint
 * (which follows the event at its position).
 */
public sealed interface AuditRecord {

    long position();

    /** An event and its sealed link; {@code link} is null while the sealer has not reached it. */
    record Event(AuditEvent event, String link) implements AuditRecord {
        @Override
        public long position() {
            return event.position();
        }
    }

    /** The sealer sealed {@code position}, but the log holds no event there any more. */
    record Missing(long position, String link) implements AuditRecord {
    }

    /** A signed checkpoint of the chain through {@code checkpoint.position()}. */
    record Signed(Checkpoint checkpoint) implements AuditRecord {
        @Override
        public long position() {
            return checkpoint.position();
        }
    }
}
