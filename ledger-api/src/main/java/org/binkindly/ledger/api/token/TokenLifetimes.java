package org.binkindly.ledger.api.token;

import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.api.web.ApiProblem;

import java.time.Duration;
import java.time.Instant;

/** Every managed token expires: 90 days unless told otherwise, never more than ten years ahead. */
final class TokenLifetimes {

    static final Duration DEFAULT = Duration.ofDays(90);
    static final Duration LONGEST = Duration.ofDays(3650);

    private TokenLifetimes() {
    }

    static Instant expiry(Instant now, Instant expiresAt, Duration validFor) {
        if (expiresAt != null && validFor != null) {
            throw new ApiException(ApiProblem.INVALID_VALUE, "give expiresAt or validFor, not both");
        }
        if (validFor != null && (validFor.isNegative() || validFor.isZero() || validFor.compareTo(LONGEST) > 0)) {
            throw new ApiException(ApiProblem.INVALID_VALUE, "validFor %s must be positive and at most %d days"
                    .formatted(validFor, LONGEST.toDays()));
        }
        Instant expiry = expiresAt != null ? expiresAt : now.plus(validFor != null ? validFor : DEFAULT);
        if (!expiry.isAfter(now)) {
            throw new ApiException(ApiProblem.INVALID_VALUE, "the token would expire at %s, which is not in the future".formatted(expiry));
        }
        if (expiry.isAfter(now.plus(LONGEST))) {
            throw new ApiException(ApiProblem.INVALID_VALUE, "tokens live at most %d days".formatted(LONGEST.toDays()));
        }
        return expiry;
    }
}
