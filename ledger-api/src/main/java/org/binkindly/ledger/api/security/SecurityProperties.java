package org.binkindly.ledger.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;
import java.util.Set;

/**
 * API tokens from configuration ({@code ledger.security.*}). A token is given either in clear
 * ({@code token}) or as the hex SHA-256 of it ({@code token-sha256}), so configuration need not
 * hold the secret itself.
 *
 * @param tokens               the people (and machines) allowed in, with their roles
 * @param bootstrapAdminToken  with no tokens configured, generate an ADMIN token under the data directory
 */
@ConfigurationProperties(prefix = "ledger.security")
public record SecurityProperties(List<TokenEntry> tokens, @DefaultValue("true") boolean bootstrapAdminToken) {

    public SecurityProperties {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    /** {@code signOffAreas}: the launch sign-off areas this token may sign (PRODUCT, ENGINEERING, QA); unset means any. */
    public record TokenEntry(String name, Set<Role> roles, String token, String tokenSha256,
                             Set<org.binkindly.ledger.core.launch.SignOffArea> signOffAreas) {
    }
}
