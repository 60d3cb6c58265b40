package org.binkindly.ledger.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.Map;

/**
 * How a JWT from a team's identity provider becomes a ledger caller ({@code ledger.security.jwt.*}).
 * The provider itself is Spring's setting {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}
 * (or {@code jwk-set-uri} / {@code public-key-location}); with none of those, JWTs are not accepted.
 *
 * @param principalClaim the claim naming the person, recorded as the actor of what they do
 * @param rolesClaim     where the roles are, a dotted path into the claims (e.g. {@code realm_access.roles})
 * @param roleMapping    claim value → ledger role; empty means the values are the ledger's role names
 */
@ConfigurationProperties(prefix = "ledger.security.jwt")
public record JwtProperties(@DefaultValue("sub") String principalClaim,
                            @DefaultValue("roles") String rolesClaim,
                            Map<String, Role> roleMapping) {

    public JwtProperties {
        roleMapping = roleMapping == null ? Map.of() : Map.copyOf(roleMapping);
    }
}
