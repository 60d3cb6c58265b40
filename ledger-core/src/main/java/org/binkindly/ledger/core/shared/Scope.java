package org.binkindly.ledger.core.shared;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a pack is published, written {@code kind/id}, e.g. {@code locality/se-stockholm}.
 * The id pattern keeps scopes safe to use as object-storage keys and URL path segments.
 */
public record Scope(ScopeKind kind, String id) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public Scope {
        Objects.requireNonNull(kind, "kind");
        if (id == null || !ID.matcher(id).matches()) {
            throw new LedgerRuleViolation(RuleCode.INVALID_SCOPE,
                    "scope id '%s' must be 1 to 63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"
                            .formatted(id));
        }
    }

    public static Scope of(ScopeKind kind, String id) {
        return new Scope(kind, id);
    }

    @JsonCreator
    public static Scope parse(String text) {
        if (text == null) {
            throw new LedgerRuleViolation(RuleCode.INVALID_SCOPE, "scope is required, written kind/id");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new LedgerRuleViolation(RuleCode.INVALID_SCOPE,
                    "scope '%s' must be written kind/id, e.g. locality/se-stockholm".formatted(text));
        }
        return new Scope(ScopeKind.fromPathSegment(text.substring(0, slash)), text.substring(slash + 1));
    }

    /**
     * The scopes whose trouble is this scope's trouble too: a locality lies in the country its id
     * starts with ({@code locality/se-stockholm} in {@code country/se}); other kinds lie in none.
     * Pipeline scopes serve every scope; callers that need that say so themselves.
     */
    public List<Scope> enclosing() {
        int dash = id.indexOf('-');
        if (kind != ScopeKind.LOCALITY || dash <= 0) {
            return List.of();
        }
        return List.of(new Scope(ScopeKind.COUNTRY, id.substring(0, dash)));
    }

    @JsonValue
    @Override
    public String toString() {
        return kind.pathSegment() + "/" + id;
    }
}
