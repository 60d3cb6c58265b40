package org.binkindly.ledger.api.security;

/** The identity provider (its discovery document or its keys) could not be reached to check a JWT. */
class IdentityProviderUnavailable extends RuntimeException {

    IdentityProviderUnavailable(String detail, Throwable cause) {
        super(detail, cause);
    }
}
