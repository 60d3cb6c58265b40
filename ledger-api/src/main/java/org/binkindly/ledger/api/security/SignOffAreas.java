package org.binkindly.ledger.api.security;

import org.binkindly.ledger.core.launch.SignOffArea;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Which launch sign-off areas a caller may sign, from its token's configuration
 * ({@code ledger.security.tokens[n].sign-off-areas}); a token configured without a list may sign any.
 */
public final class SignOffAreas {

    static final String RESTRICTED = "SIGN_OFF_AREAS_RESTRICTED";

    private SignOffAreas() {
    }

    static String authority(SignOffArea area) {
        return "SIGN_OFF_" + area.name();
    }

    public static boolean maySign(Authentication caller, SignOffArea area) {
        boolean restricted = false;
        for (GrantedAuthority authority : caller.getAuthorities()) {
            if (authority.getAuthority().equals(authority(area))) {
                return true;
            }
            restricted |= authority.getAuthority().equals(RESTRICTED);
        }
        return !restricted;
    }
}
