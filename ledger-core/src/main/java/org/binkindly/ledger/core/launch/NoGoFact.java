package org.binkindly.ledger.core.launch;

import java.time.Instant;
import java.util.Objects;

/**
 * One piece of evidence the no-go rules read: the latest of its kind seen in the log for a scope.
 * {@code subject} tells facts of one kind apart: the kill-switch kind of a drill, the app build of a
 * validation; it is null for the other kinds.
 */
public record NoGoFact(Kind kind, String subject, String detail, Instant seenAt) {

    public enum Kind {
        /** A drill rebind of the scope completed with both rollback objectives met. */
        ROLLBACK_DRILL,
        /** A drill activation of a kill switch for the scope; the subject is the kill-switch kind. */
        KILL_SWITCH_DRILL,
        /** The stale-pack watch covers the scope. */
        STALE_PACK_WATCH,
        /** A firing stale-pack alert for the scope came through alert intake. */
        STALE_PACK_ALERT,
        /** A firing publish-blocked alert for the scope came through alert intake. */
        PUBLISH_FAILURE_ALERT,
        /** A launch-day validation of the scope was completed; the subject is the app build. */
        LAUNCH_VALIDATED,
        /**
         * An incident is open on the scope, on a scope enclosing it, or on a pipeline; the subject is
         * its severity, the detail names it. Every open one is a fact: which severities halt is the rules' call.
         */
        OPEN_INCIDENT
    }

    public NoGoFact {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(seenAt, "seenAt");
    }

    /** How a finding cites this fact: what was seen, and when. */
    String evidence() {
        return detail + " (" + seenAt + ")";
    }
}
