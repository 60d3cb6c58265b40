package org.binkindly.ledger.core.audit;

/**
 * What a verification found. {@code intact} means every event recomputed to the link sealed for
 * it and every checkpoint's signature and head held; {@code signedThrough} says how far a signed
 * checkpoint vouches for that (events after it are only as good as the stored links).
 *
 * @param intact             no failure was found
 * @param events             events read
 * @param sealedEvents       events that carried a sealed link
 * @param unsealedEvents     events at the end of the log the sealer had not reached yet
 * @param checkpoints        checkpoints whose signature and head were checked
 * @param lastPosition       position of the last event read; null for an empty stream
 * @param signedThrough      position of the last checkpoint that verified; null if none did
 * @param head               the chain head recomputed through the last event read
 * @param authenticatedEvents   events whose writer signature verified
 * @param unauthenticatedEvents events without one that predate writer authentication (accepted, counted)
 * @param firstFailure       the first position that failed, and why; null when intact
 */
public record VerificationReport(boolean intact, long events, long sealedEvents, long unsealedEvents, long checkpoints,
                                 Long lastPosition, Long signedThrough, String head, long authenticatedEvents,
                                 long unauthenticatedEvents, Failure firstFailure) {

    /** Why a position failed verification. */
    public enum Problem {
        /** The event's bytes, metadata, or place in the order differ from what was sealed; or an earlier event vanished with its seal. */
        EVENT_ALTERED,
        /** The sealer sealed this position, and no event is there now. */
        EVENT_MISSING,
        /** An event sits at a position the sealer had already passed without it: added after sealing. */
        EVENT_NOT_SEALED,
        /** The recomputed chain does not reach the head or count a signed checkpoint states. */
        CHECKPOINT_MISMATCH,
        /** A checkpoint covers a position past the end of the stream: events were cut from the end. */
        EVENTS_TRUNCATED,
        /** A checkpoint's signature does not verify with its key. */
        SIGNATURE_INVALID,
        /** A checkpoint is signed by a key the verifier was not given. */
        UNKNOWN_KEY,
        /** Two copies of the checkpoint at one position (e.g. the table and object storage) differ. */
        CHECKPOINT_COPIES_DIFFER,
        /** The event carries no valid writer signature: the ledger did not write it as it stands (e.g. a row inserted with SQL). */
        EVENT_NOT_AUTHENTIC,
        /** The stream itself is out of order or unreadable at this position. */
        MALFORMED_STREAM
    }

    /**
     * Where the chain first failed and why.
     *
     * @param position the global position of the first event that failed verification
     * @param problem what is wrong there: a broken hash link, a bad signature, a malformed stream, ...
     * @param detail what was found, for a person
     */
    public record Failure(long position, Problem problem, String detail) {
    }
}
