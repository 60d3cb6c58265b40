package org.binkindly.ledger.api.consistency;

import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.api.web.ApiProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code If-Match} header against the ledger's ETags, which are the sequence number of an
 * aggregate's last event: {@code "7"}, a list {@code "7", "8"}, or {@code *} for "any version".
 */
record IfMatch(boolean any, List<Long> versions) {

    private static final Pattern TAG = Pattern.compile("\\s*(?:W/)?\"(\\d{1,18})\"\\s*");

    static IfMatch parse(String header) {
        if (header.strip().equals("*")) {
            return new IfMatch(true, List.of());
        }
        List<Long> versions = new ArrayList<>();
        for (String part : header.split(",", 33)) {
            Matcher matcher = TAG.matcher(part);
            if (!matcher.matches() || versions.size() == 32) {
                throw new ApiException(ApiProblem.IF_MATCH_INVALID,
                        "If-Match must be * or one or more ETags as this ledger sends them, e.g. \"7\"");
            }
            versions.add(Long.parseLong(matcher.group(1)));
        }
        return new IfMatch(false, List.copyOf(versions));
    }

    boolean matches(long current) {
        return any || versions.contains(current);
    }

    /** As command metadata: travels with the command to the node and thread that handles it. */
    String asMetadata() {
        return any ? "*" : versions.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("");
    }

    static IfMatch fromMetadata(String value) {
        if (value.equals("*")) {
            return new IfMatch(true, List.of());
        }
        List<Long> versions = new ArrayList<>();
        for (String version : value.split(",")) {
            versions.add(Long.parseLong(version));
        }
        return new IfMatch(false, versions);
    }
}
