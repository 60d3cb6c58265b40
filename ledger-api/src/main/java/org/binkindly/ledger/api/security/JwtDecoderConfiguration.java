package org.binkindly.ledger.api.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * JWT mode's decoder, built by the ledger rather than by Spring Boot so that every configuration
 * checks the same things: the signature, {@code iss} (also with {@code jwk-set-uri} or a public key
 * alone), {@code aud}, a required {@code exp} with a bounded lifetime, and {@code nbf}, all with a
 * stated clock leeway. A JWT mode that would check less refuses to start.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(JwtDecoderConfiguration.JWT_MODE)
class JwtDecoderConfiguration {

    /** JWT mode is on when Spring's resource-server setting names a provider or a key. */
    static final String JWT_MODE = "'${spring.security.oauth2.resourceserver.jwt.issuer-uri:}' != ''"
            + " or '${spring.security.oauth2.resourceserver.jwt.jwk-set-uri:}' != ''"
            + " or '${spring.security.oauth2.resourceserver.jwt.public-key-location:}' != ''";

    @Bean
    IdentityProvider identityProvider(OAuth2ResourceServerProperties resourceServer, JwtProperties properties) {
        OAuth2ResourceServerProperties.Jwt jwt = resourceServer.getJwt();
        String issuer = present(properties.issuer()) ? properties.issuer() : jwt.getIssuerUri();
        if (!present(issuer)) {
            throw new IllegalStateException("JWT mode needs the issuer its tokens must carry: set ledger.security.jwt.issuer "
                    + "(or spring.security.oauth2.resourceserver.jwt.issuer-uri)");
        }
        if (!present(properties.audience())) {
            throw new IllegalStateException("JWT mode needs ledger.security.jwt.audience: the audience (aud) every token "
                    + "must name, i.e. the ledger's client id at the identity provider");
        }
        URI probe = present(jwt.getJwkSetUri()) ? URI.create(jwt.getJwkSetUri())
                : present(jwt.getIssuerUri()) ? URI.create(jwt.getIssuerUri().replaceAll("/+$", "") + "/.well-known/openid-configuration")
                : null;
        return new IdentityProvider(issuer, properties.audience(), probe);
    }

    @Bean
    JwtDecoder jwtDecoder(OAuth2ResourceServerProperties resourceServer, JwtProperties properties, IdentityProvider provider) {
        OAuth2ResourceServerProperties.Jwt jwt = resourceServer.getJwt();
        OAuth2TokenValidator<Jwt> validator = validator(provider, properties, Clock.systemUTC());
        if (present(jwt.getJwkSetUri())) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwt.getJwkSetUri())
                    .jwsAlgorithms(algorithms -> jwt.getJwsAlgorithms().forEach(name -> algorithms.add(SignatureAlgorithm.from(name))))
                    .build();
            decoder.setJwtValidator(validator);
            return decoder;
        }
        if (jwt.getPublicKeyLocation() != null) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(publicKey(jwt.getPublicKeyLocation())).build();
            decoder.setJwtValidator(validator);
            return decoder;
        }
        // discovery is read on first use, and read again while it fails, so the ledger starts while the provider is down
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(jwt.getIssuerUri()).build();
            decoder.setJwtValidator(validator);
            return decoder;
        });
    }

    static OAuth2TokenValidator<Jwt> validator(IdentityProvider provider, JwtProperties properties, Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockLeeway());
        timestamps.setClock(clock);
        return new DelegatingOAuth2TokenValidator<>(List.of(
                timestamps,
                new JwtIssuerValidator(provider.issuer()),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, audience -> audience != null && audience.contains(provider.audience())),
                lifetime(properties.maxLifetime(), clock)));
    }

    /** {@code exp} is required, and no further from {@code iat} (or, without one, from now) than the longest lifetime. */
    private static OAuth2TokenValidator<Jwt> lifetime(Duration maxLifetime, Clock clock) {
        return token -> {
            Instant expiresAt = token.getExpiresAt();
            if (expiresAt == null) {
                return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token has no expiry (exp)", null));
            }
            Instant from = token.getIssuedAt() != null ? token.getIssuedAt() : clock.instant();
            if (Duration.between(from, expiresAt).compareTo(maxLifetime) > 0) {
                return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                        "the token lives longer than ledger.security.jwt.max-lifetime (%s)".formatted(maxLifetime), null));
            }
            return OAuth2TokenValidatorResult.success();
        };
    }

    private static RSAPublicKey publicKey(Resource location) {
        try (InputStream in = location.getInputStream()) {
            return RsaKeyConverters.x509().convert(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the identity provider's public key at " + location, e);
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
