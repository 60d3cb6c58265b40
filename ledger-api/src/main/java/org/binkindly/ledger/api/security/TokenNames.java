package org.binkindly.ledger.api.security;

import java.util.regex.Pattern;

/** A token's name becomes the actor of every event its holder causes, so it is a plain, bounded identifier. */
public final class TokenNames {

    public static final String PATTERN = "[a-z0-9][a-z0-9._@-]{0,63}";
    private static final Pattern NAME = Pattern.compile(PATTERN);

    private TokenNames() {
    }

    public static String requireValid(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "token name '%s' must be 1 to 64 lower-case letters, digits, '.', '_', '@' or '-'".formatted(name));
        }
        return name;
    }
}
