package org.binkindly.ledger.api.web;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Times people report ("contained at 03:12") default to now, may not lie ahead of the ledger's
 * clock beyond a small skew, and are kept to the microsecond: the precision PostgreSQL stores,
 * so views agree with events.
 */
@Component
public class ReportedTimes {

    /** Clock skew tolerated on times an operator reports. */
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final Clock clock;

    public ReportedTimes(Clock clock) {
        this.clock = clock;
    }

    public Instant orNow(Instant reported, String field) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (reported == null) {
            return now;
        }
        if (reported.isAfter(now.plus(SKEW))) {
            throw new ApiException(ApiProblem.TIME_IN_FUTURE,
                    "%s %s is in the future (the ledger's clock says %s)".formatted(field, reported, now));
        }
        return reported.truncatedTo(ChronoUnit.MICROS);
    }
}
