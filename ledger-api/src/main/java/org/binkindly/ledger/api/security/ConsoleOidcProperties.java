package org.binkindly.ledger.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * The console's "Sign in with" button in JWT mode ({@code ledger.console.oidc.*}): the ledger as an
 * OIDC client of the same identity provider whose JWTs the API accepts. Off while no client id is set.
 *
 * @param clientId     the ledger's client id at the identity provider; unset: no sign-in through the provider
 * @param clientSecret its client secret (a confidential client); unset: a public client, which proves itself with PKCE alone
 * @param scopes       the scopes asked for; {@code openid} is required
 * @param providerName the name on the button ("Sign in with …"); default: the issuer's host
 */
@ConfigurationProperties(prefix = "ledger.console.oidc")
public record ConsoleOidcProperties(String clientId,
                                    String clientSecret,
                                    @DefaultValue({"openid", "profile"}) List<String> scopes,
                                    String providerName) {

    public ConsoleOidcProperties {
        scopes = scopes == null ? List.of("openid") : List.copyOf(scopes);
    }

    boolean enabled() {
        return clientId != null && !clientId.isBlank();
    }
}
