package org.binkindly.ledger.api.security;

import com.nimbusds.jose.KeySourceException;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

import java.io.IOException;
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
    private final ObjectProvider<IdentityProvider> provider;
    private final JwtProperties properties;

    JwtCallers(ObjectProvider<JwtDecoder> decoder, ObjectProvider<IdentityProvider> provider, JwtProperties properties) {
        this.decoder = decoder;
        this.provider = provider;
        this.properties = properties;
    }

    /** Whether this presented token is for this mode: JWT mode is on and the token has a JWT's three parts. */
    boolean handles(String token) {
        return decoder.getIfAvailable() != null && token.chars().filter(c -> c == '.').count() == 2;
    }

    /**
     * The caller, or empty if the JWT is not valid (signature, issuer, audience, expiry) or names nobody.
     *
     * @throws IdentityProviderUnavailable if the provider's discovery document or keys cannot be read
     */
    Optional<TokenRegistry.Holder> authenticate(String token) {
        Jwt jwt;
        try {
            jwt = decoder.getObject().decode(token);
        } catch (RuntimeException failure) {
            // discovery that failed, or keys that could not be fetched, say nothing about the token
            if (failure instanceof JwtDecoderInitializationException || providerUnreachable(failure)) {
                String reason = failure.getMessage();
                provider.ifAvailable(idp -> idp.unreachable(reason));
                throw new IdentityProviderUnavailable(reason, failure);
            }
            if (failure instanceof JwtException) {
                return Optional.empty();
            }
            throw failure;
        }
        provider.ifAvailable(IdentityProvider::reachable);
        String name = jwt.getClaimAsString(properties.principalClaim());
        if (name == null || name.isBlank() || name.length() > 255 || name.strip().toLowerCase(Locale.ROOT).startsWith(MetadataKeys.RESERVED_ACTOR_PREFIX)) {
            // the ledger's own components act as ledger:<component>; nobody from outside may pass as one
            return Optional.empty();
        }
        String subject = jwt.getSubject() == null ? "" : jwt.getSubject();
        return Optional.of(new TokenRegistry.Holder(name, rolesOf(jwt.getClaims()),
                "jwt:" + jwt.getClaimAsString(JwtClaimNames.ISS) + "#" + subject));
    }

    /** Nimbus could not fetch the keys (RemoteKeySourceException and kin), as opposed to a token that fails its checks. */
    private static boolean providerUnreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof KeySourceException || cause instanceof IOException) {
                return true;
            }
        }
        return false;
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
