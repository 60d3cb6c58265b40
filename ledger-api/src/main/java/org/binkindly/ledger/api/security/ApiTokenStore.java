package org.binkindly.ledger.api.security;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tokens managed at run time, in PostgreSQL: only their SHA-256 is stored, so neither a database
 * dump nor a backup holds a usable token. Every node reads the same table, so a revocation takes
 * effect on all of them with the next request.
 */
@Component
public class ApiTokenStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A stored token as an admin sees it: never the token, never its hash. */
    public record StoredToken(String tokenId, String name, Set<Role> roles, Instant createdAt, String createdBy,
                              Instant expiresAt, Instant revokedAt, String revokedBy) {

        public boolean usableAt(Instant now) {
            return revokedAt == null && expiresAt.isAfter(now);
        }
    }

    /** A token just created: the only moment its clear text exists outside its holder. */
    public record IssuedToken(StoredToken stored, String token) {
    }

    /** Another active token already has the name: two people of one name could not be told apart in the log. */
    public static final class TokenNameInUse extends IllegalArgumentException {
        public TokenNameInUse(String name) {
            super("an active token is already named '%s'; names are unique among active tokens (revoke it, or choose another name)"
                    .formatted(name));
        }
    }

    private static final RowMapper<StoredToken> ROWS = (rs, row) -> new StoredToken(rs.getString("token_id"),
            rs.getString("name"), parseRoles(rs.getString("roles")), rs.getTimestamp("created_at").toInstant(),
            rs.getString("created_by"), rs.getTimestamp("expires_at").toInstant(),
            rs.getTimestamp("revoked_at") == null ? null : rs.getTimestamp("revoked_at").toInstant(),
            rs.getString("revoked_by"));

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ApiTokenStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public IssuedToken create(String name, Set<Role> roles, Instant expiresAt, String createdBy) {
        TokenNames.requireValid(name);
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("a token needs at least one role");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (!expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("expiry %s is not in the future".formatted(expiresAt));
        }
        if (activeNamed(name, now)) {
            throw new TokenNameInUse(name);
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = "bkl_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        String tokenId = "tok-" + HexFormat.of().formatHex(id);
        Instant expiry = expiresAt.truncatedTo(ChronoUnit.MICROS);
        // an expired token gives its name up only now, so the unique index (V150) can hold it without a clock
        jdbc.update("update api_token set name_released_at = ? where name = ? and revoked_at is null"
                + " and name_released_at is null and expires_at <= ?", Timestamp.from(now), name, Timestamp.from(now));
        try {
            jdbc.update("""
                    insert into api_token (token_id, name, token_sha256, roles, created_at, created_by, expires_at)
                    values (?, ?, ?, ?, ?, ?, ?)""",
                    tokenId, name, TokenRegistry.sha256(token), formatRoles(roles), Timestamp.from(now), createdBy,
                    Timestamp.from(expiry));
        } catch (DuplicateKeyException concurrentTwin) {
            // another create of this name won the race past activeNamed: the index api_token_active_name refused us
            if (activeNamed(name, now)) {
                throw new TokenNameInUse(name);
            }
            throw concurrentTwin;
        }
        return new IssuedToken(new StoredToken(tokenId, name, EnumSet.copyOf(roles), now, createdBy, expiry, null, null), token);
    }

    /** Whether a usable (not revoked, not expired) stored token has this name. */
    public boolean activeNamed(String name, Instant now) {
        Integer count = jdbc.queryForObject("select count(*) from api_token where name = ? and revoked_at is null and expires_at > ?",
                Integer.class, name, Timestamp.from(now));
        return count != null && count > 0;
    }

    public List<StoredToken> list() {
        return jdbc.query("select * from api_token order by created_at desc, token_id", ROWS);
    }

    public Optional<StoredToken> find(String tokenId) {
        return jdbc.query("select * from api_token where token_id = ?", ROWS, tokenId).stream().findFirst();
    }

    /** Revoking a revoked token changes nothing and keeps who revoked it first. */
    public Optional<StoredToken> revoke(String tokenId, String revokedBy) {
        jdbc.update("update api_token set revoked_at = ?, revoked_by = ? where token_id = ? and revoked_at is null",
                Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS)), revokedBy, tokenId);
        return find(tokenId);
    }

    /** Whether the stored token of this id is still usable (not revoked, not expired): one primary-key lookup. */
    boolean usable(String tokenId) {
        Boolean usable = jdbc.queryForObject("select exists (select 1 from api_token where token_id = ? and revoked_at is null and expires_at > ?)",
                Boolean.class, tokenId, Timestamp.from(clock.instant()));
        return Boolean.TRUE.equals(usable);
    }

    /** The holder of a usable (not revoked, not expired) token with this digest. */
    Optional<TokenRegistry.Holder> holderOf(String sha256) {
        return jdbc.query("""
                        select token_id, name, roles from api_token
                        where token_sha256 = ? and revoked_at is null and expires_at > ?""",
                (rs, row) -> new TokenRegistry.Holder(rs.getString("name"), parseRoles(rs.getString("roles")),
                        "token:" + rs.getString("token_id")),
                sha256, Timestamp.from(clock.instant())).stream().findFirst();
    }

    private static String formatRoles(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
    }

    private static Set<Role> parseRoles(String roles) {
        EnumSet<Role> parsed = EnumSet.noneOf(Role.class);
        Arrays.stream(roles.split(",")).filter(role -> !role.isBlank()).map(Role::valueOf).forEach(parsed::add);
        return parsed;
    }
}
