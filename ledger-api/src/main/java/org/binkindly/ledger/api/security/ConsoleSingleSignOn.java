package org.binkindly.ledger.api.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.stereotype.Component;

import java.net.URI;

/**
 * Sign-in through the identity provider of JWT mode: the console is an OIDC client of the provider
 * whose JWTs the API accepts (the authorization-code flow with PKCE). Its registration is read from
 * the provider's discovery document on first use, and again while that fails, so that the ledger
 * starts while the provider is down, as JWT mode's decoder does.
 */
@Component("consoleSingleSignOn")
public class ConsoleSingleSignOn {

    /** The one registration: the provider of JWT mode. */
    static final String REGISTRATION_ID = "provider";
    /** The button's target; the authorization request is sent from {@code <this>/provider}. */
    static final String AUTHORIZATION_BASE = "/console/sign-in/oidc";
    static final String START = AUTHORIZATION_BASE + "/" + REGISTRATION_ID;
    /** Where the provider sends the browser back with the code: in {@code /console/**} (the console's chain), outside the base (where it would be read as a registration id). */
    static final String CALLBACK = "/console/sign-in/oidc-callback";

    private final ConsoleOidcProperties properties;
    private final String issuer;
    private volatile ClientRegistration registration;

    ConsoleSingleSignOn(ConsoleOidcProperties properties, ObjectProvider<IdentityProvider> jwtMode) {
        this.properties = properties;
        IdentityProvider provider = jwtMode.getIfAvailable();
        if (properties.enabled() && provider == null) {
            throw new IllegalStateException("ledger.console.oidc.client-id is set but JWT mode is off: sign-in through an identity "
                    + "provider needs the provider of JWT mode (spring.security.oauth2.resourceserver.jwt.issuer-uri and "
                    + "ledger.security.jwt.audience)");
        }
        if (properties.enabled() && !properties.scopes().contains("openid")) {
            throw new IllegalStateException("ledger.console.oidc.scopes must include openid");
        }
        this.issuer = provider == null ? null : provider.issuer();
    }

    /** Whether the sign-in page offers the button. */
    public boolean isEnabled() {
        return properties.enabled();
    }

    /** The provider's name on the button. */
    public String getProviderName() {
        if (properties.providerName() != null && !properties.providerName().isBlank()) {
            return properties.providerName();
        }
        String host = issuer == null ? null : URI.create(issuer).getHost();
        return host == null ? "your identity provider" : host;
    }

    /** The provider's origin (scheme, host and port of its issuer), which the sign-out form's answer may redirect to. */
    String providerOrigin() {
        URI uri = URI.create(issuer);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    /** The button's address, a plain link: its GET redirects to the provider with the authorization request. */
    public String getStart() {
        return START;
    }

    /**
     * The registration, read from the provider's discovery document.
     *
     * @throws IdentityProviderUnavailable if that document cannot be read
     */
    ClientRegistration registration() {
        ClientRegistration known = registration;
        if (known != null) {
            return known;
        }
        boolean confidential = properties.clientSecret() != null && !properties.clientSecret().isBlank();
        try {
            ClientRegistration.Builder builder = ClientRegistrations.fromOidcIssuerLocation(issuer)
                    .registrationId(REGISTRATION_ID)
                    .clientName(getProviderName())
                    .clientId(properties.clientId())
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .clientAuthenticationMethod(confidential ? ClientAuthenticationMethod.CLIENT_SECRET_BASIC : ClientAuthenticationMethod.NONE)
                    .redirectUri("{baseUrl}" + CALLBACK)
                    .scope(properties.scopes())
                    // PKCE also for a confidential client: a stolen code is useless without the verifier in this session
                    .clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build());
            if (confidential) {
                builder.clientSecret(properties.clientSecret());
            }
            known = builder.build();
        } catch (RuntimeException unreachable) {
            throw new IdentityProviderUnavailable("cannot read the discovery document of " + issuer + ": " + unreachable.getMessage(),
                    unreachable);
        }
        registration = known;
        return known;
    }

    /** The registrations oauth2Login knows: this one, or none while the provider cannot be read (the button answers that first). */
    ClientRegistrationRepository repository() {
        return registrationId -> {
            if (!REGISTRATION_ID.equals(registrationId)) {
                return null;
            }
            try {
                return registration();
            } catch (IdentityProviderUnavailable unreachable) {
                return null;
            }
        };
    }
}
