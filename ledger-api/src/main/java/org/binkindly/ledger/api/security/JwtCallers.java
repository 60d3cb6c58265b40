package org.binkindly.ledger.api.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * OIDC/JWT mode: a bearer JWT signed by the configured identity provider is a caller, named by a
 * claim, with the roles its roles claim maps to. Off unless a JWT decoder is configured.
 */
@Component
class JwtCallers {

    private final ObjectProvider<JwtDecoder> decoder;
    private final JwtProperties properties;

    JwtCallers(ObjectProvider<JwtDecoder> decoder, JwtProperties properties) {
        this.decoder = decoder;
        this.properties = properties;
    }

    /** Whether this presented token is for this mode: JWT mode is on and the token has a JWT's three parts. */
    boolean handles(String token) {
        return decoder.getIfAvailable() != null && token.chars().filter(c -> c == '.').count() == 2;
    }

    /** The caller, or empty if the JWT is not valid (signature, issuer, expiry) or names nobody. */
    Optional<TokenRegistry.Holder> authenticate(String token) {
        Jwt jwt;
        try {
            jwt = decoder.getObject().decode(token);
        } catch (JwtException invalid) {
            return Optional.empty();
        }
        String name = jwt.getClaimAsString(properties.principalClaim());
        if (name == null || name.isBlank() || name.length() > 255) {
            return Optional.empty();
        }
        return Optional.of(new TokenRegistry.Holder(name, rolesOf(jwt.getClaims())));
    }

    private Set<Role> rolesOf(Map<String, Object> claims) {
        Object node = claims;
        for (String part : properties.rolesClaim().split("\\.")) {
            node = node instanceof Map<?, ?> map ? map.get(part) : null;
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (node instanceof Collection<?> values) {
            values.forEach(value -> toRole(String.valueOf(value)).ifPresent(roles::add));
        } else if (node instanceof String value) {
            for (String each : value.split("[,\\s]+")) {
                toRole(each).ifPresent(roles::add);
            }
        }
        return roles;
    }

    private Optional<Role> toRole(String value) {
        if (!properties.roleMapping().isEmpty()) {
            return Optional.ofNullable(properties.roleMapping().get(value));
        }
        try {
            return Optional.of(Role.valueOf(value.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException notARole) {
            return Optional.empty();
        }
    }
}
