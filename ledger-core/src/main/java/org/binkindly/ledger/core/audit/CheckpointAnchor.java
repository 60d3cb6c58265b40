package org.binkindly.ledger.core.audit;

import java.util.List;

/**
 * Port: a place outside the database where signed checkpoints are kept (object storage), so a
 * database that was tampered with, checkpoints and all, still disagrees with what was anchored.
 * Storage trouble comes back as a result, never as an exception.
 */
public interface CheckpointAnchor {

    /** Writes the checkpoint unless a copy is there already; never overwrites a different one. */
    Outcome anchor(Checkpoint checkpoint);

    /** Every checkpoint kept, in position order; {@code failure} is set when storage could not be read in full. */
    Listing anchored();

    /** The checkpoints kept above {@code position}, in position order: what was anchored since it was last looked at. */
    Listing anchoredAfter(long position);

    /** Where checkpoints are kept, for people: e.g. {@code s3://bucket/audit/checkpoints/}. */
    String location();

    sealed interface Outcome {

        /** Written now, or an identical copy was there already. */
        record Anchored(String location) implements Outcome {
        }

        /** A different checkpoint is stored for this position; nothing was written. */
        record Conflict(String detail) implements Outcome {
        }

        /** Storage refused or failed; retry later. */
        record Failed(String detail) implements Outcome {
        }
    }

    record Listing(List<Checkpoint> checkpoints, String failure) {

        public boolean complete() {
            return failure == null;
        }
    }
}
