package org.binkindly.ledger.api.security;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What JWT mode checks in every configuration: issuer, audience, a required and bounded expiry,
 * with the stated clock leeway; and that a configuration which would check less does not start.
 */
class JwtValidationTest {

    private static final String ISSUER = "https://sso.example.org/realms/binkindly";
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final JwtProperties PROPERTIES = new JwtProperties("sub", "roles", Map.of(), null, "binkindly-ledger",
            Duration.ofHours(2), Duration.ofSeconds(30));
    private static final OAuth2TokenValidator<Jwt> VALIDATOR = JwtDecoderConfiguration.validator(
            new IdentityProvider(ISSUER, "binkindly-ledger", null), PROPERTIES, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aTokenForTheLedgerFromItsIssuerWithinItsLifetimeIsValid() {
        assertThat(valid(token -> { })).isTrue();
        assertThat(valid(token -> token.audience(List.of("account", "binkindly-ledger")))).as("one audience of several").isTrue();
    }

    @Test
    void anotherAudienceOrNoneIsRefused() {
        assertThat(valid(token -> token.audience(List.of("another-client")))).isFalse();
        assertThat(valid(token -> token.claims(claims -> claims.remove("aud")))).isFalse();
    }

    @Test
    void anotherIssuerOrNoneIsRefused() {
        assertThat(valid(token -> token.issuer("https://sso.example.org/realms/elsewhere"))).isFalse();
        assertThat(valid(token -> token.claims(claims -> claims.remove("iss")))).isFalse();
    }

    @Test
    void expiryIsRequiredAndTheLifetimeBounded() {
        assertThat(valid(token -> token.claims(claims -> claims.remove("exp")))).as("no exp").isFalse();
        assertThat(valid(token -> token.issuedAt(NOW).expiresAt(NOW.plus(Duration.ofHours(3))))).as("3 h > 2 h").isFalse();
        assertThat(valid(token -> token.claims(claims -> claims.remove("iat")).expiresAt(NOW.plus(Duration.ofHours(3)))))
                .as("without iat the lifetime counts from now").isFalse();
        assertThat(valid(token -> token.issuedAt(NOW).expiresAt(NOW.plus(Duration.ofHours(2))))).as("exactly 2 h").isTrue();
    }

    @Test
    void theClockLeewayIsTheSetting() {
        assertThat(valid(token -> token.issuedAt(NOW.minusSeconds(600)).expiresAt(NOW.minusSeconds(20)))).as("20 s late, within 30 s").isTrue();
        assertThat(valid(token -> token.issuedAt(NOW.minusSeconds(600)).expiresAt(NOW.minusSeconds(40)))).as("40 s late").isFalse();
        assertThat(valid(token -> token.notBefore(NOW.plusSeconds(20)))).as("valid 20 s from now, within 30 s").isTrue();
        assertThat(valid(token -> token.notBefore(NOW.plusSeconds(40)))).isFalse();
    }

    @Test
    void jwtModeWithoutAnIssuerOrAnAudienceDoesNotStart() {
        JwtDecoderConfiguration configuration = new JwtDecoderConfiguration();
        OAuth2ResourceServerProperties jwkSetUriAlone = new OAuth2ResourceServerProperties();
        jwkSetUriAlone.getJwt().setJwkSetUri("https://sso.example.org/certs");
        assertThatThrownBy(() -> configuration.identityProvider(jwkSetUriAlone, PROPERTIES))
                .hasMessageContaining("ledger.security.jwt.issuer");

        OAuth2ResourceServerProperties issuerUri = new OAuth2ResourceServerProperties();
        issuerUri.getJwt().setIssuerUri(ISSUER);
        JwtProperties noAudience = new JwtProperties("sub", "roles", Map.of(), null, " ", Duration.ofHours(2), Duration.ofSeconds(30));
        assertThatThrownBy(() -> configuration.identityProvider(issuerUri, noAudience))
                .hasMessageContaining("ledger.security.jwt.audience");

        assertThat(configuration.identityProvider(issuerUri, PROPERTIES).issuer()).as("the issuer-uri is the issuer").isEqualTo(ISSUER);
        JwtProperties withIssuer = new JwtProperties("sub", "roles", Map.of(), ISSUER, "binkindly-ledger", Duration.ofHours(2), Duration.ofSeconds(30));
        assertThat(configuration.identityProvider(jwkSetUriAlone, withIssuer).issuer()).isEqualTo(ISSUER);
    }

    private static boolean valid(Consumer<Jwt.Builder> change) {
        Jwt.Builder token = Jwt.withTokenValue("token").header("alg", "RS256")
                .issuer(ISSUER).subject("f3c1").audience(List.of("binkindly-ledger"))
                .issuedAt(NOW.minusSeconds(60)).expiresAt(NOW.plusSeconds(300));
        change.accept(token);
        return !VALIDATOR.validate(token.build()).hasErrors();
    }
}
