package org.binkindly.ledger.core.incident;

import java.time.Instant;
import java.util.List;

/**
 * What the intake changed in an alert so it could be stored, and how to tell what was really sent:
 * {@code originalSha256} is the SHA-256 of the alert's bytes as they arrived (null when no text was
 * changed), {@code reportedStartsAt} the start the sender reported when it was beyond the allowed
 * clock skew and the receipt time was used instead (null otherwise), {@code notes} one line per change.
 *
 * @param originalSha256 the SHA-256 of the alert's bytes as they arrived, 64 hex digits; absent when no text was changed
 * @param reportedStartsAt the start the sender reported (UTC instant, ISO 8601), when it lay beyond the allowed clock skew and the receipt time was used instead
 * @param notes what was changed, one line per change
 */
public record AlertCorrections(String originalSha256, Instant reportedStartsAt, List<String> notes) {

    public AlertCorrections {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
