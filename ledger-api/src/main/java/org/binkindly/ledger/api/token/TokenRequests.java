package org.binkindly.ledger.api.token;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.binkindly.ledger.api.security.Role;
import org.binkindly.ledger.api.security.TokenNames;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Request bodies of the token administration endpoints. */
final class TokenRequests {

    private TokenRequests() {
    }

    /**
     * {@code expiresAt} or {@code validFor} (ISO-8601, e.g. {@code P90D}); neither means 90 days.
     *
     * @param name the token's name: 1 to 64 lower-case letters, digits, '.', '_', '@' or '-', e.g. the person or tool that holds it
     * @param roles the roles the token grants, at least one
     * @param expiresAt when the token stops working (UTC instant, ISO 8601)
     * @param validFor how long the token works from now, an ISO 8601 duration, e.g. P90D
     */
    record Create(@NotNull @Pattern(regexp = TokenNames.PATTERN) String name,
                  @NotEmpty @Size(max = 6) Set<@NotNull Role> roles,
                  Instant expiresAt,
                  Duration validFor) {
    }
}
