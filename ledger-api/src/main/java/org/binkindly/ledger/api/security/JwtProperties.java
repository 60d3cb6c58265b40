package org.binkindly.ledger.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * How a JWT from a team's identity provider becomes a ledger caller ({@code ledger.security.jwt.*}).
 * The provider itself is Spring's setting {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}
 * (or {@code jwk-set-uri} / {@code public-key-location}); with none of those, JWTs are not accepted.
 *
 * @param principalClaim the claim naming the person, recorded as the actor of what they do
 * @param rolesClaim     where the roles are, a dotted path into the claims (e.g. {@code realm_access.roles})
 * @param roleMapping    claim value → ledger role; empty means the values are the ledger's role names
 * @param issuer         the {@code iss} every token must carry; defaults to the issuer-uri, required without one
 * @param audience       the {@code aud} every token must name (the ledger's client id at the provider); required
 * @param maxLifetime    longest a token may live, from {@code iat} (or now) to {@code exp}; {@code exp} is required
 * @param clockLeeway    how far the ledger's clock and the provider's may disagree when {@code exp} and {@code nbf} are checked
 */
@ConfigurationProperties(prefix = "ledger.security.jwt")
public record JwtProperties(@DefaultValue("sub") String principalClaim,
                            @DefaultValue("roles") String rolesClaim,
                            Map<String, Role> roleMapping,
                            String issuer,
                            String audience,
                            @DefaultValue("12h") Duration maxLifetime,
                            @DefaultValue("60s") Duration clockLeeway) {

    public JwtProperties {
        roleMapping = roleMapping == null ? Map.of() : Map.copyOf(roleMapping);
    }
}
