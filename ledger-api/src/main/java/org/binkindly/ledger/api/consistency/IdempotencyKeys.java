package org.binkindly.ledger.api.consistency;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** The idempotency_key table: reserving a key, completing it with the answer, finding it again. */
@Component
class IdempotencyKeys {

    enum State { IN_FLIGHT, APPLIED, COMPLETED }

    record Entry(String fingerprint, State state, Instant leaseUntil, Integer status, String headers, byte[] body) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final IdempotencyProperties properties;

    IdempotencyKeys(JdbcTemplate jdbc, Clock clock, IdempotencyProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /** True if this request now holds the key; false if another request held it first. */
    boolean reserve(String principal, String key, String fingerprint, String method, String path) {
        Instant now = clock.instant();
        return jdbc.update("""
                insert into idempotency_key (principal, idempotency_key, fingerprint, method, path, state, lease_until, created_at)
                values (?, ?, ?, ?, ?, 'IN_FLIGHT', ?, ?)
                on conflict (principal, idempotency_key) do nothing""",
                principal, key, fingerprint, method, path, Timestamp.from(now.plus(properties.lease())), Timestamp.from(now)) == 1;
    }

    Optional<Entry> find(String principal, String key) {
        return jdbc.query("""
                        select fingerprint, state, lease_until, response_status, response_headers, response_body
                        from idempotency_key where principal = ? and idempotency_key = ?""",
                (rs, row) -> new Entry(rs.getString(1), State.valueOf(rs.getString(2)), rs.getTimestamp(3).toInstant(),
                        (Integer) rs.getObject(4), rs.getString(5), rs.getBytes(6)),
                principal, key).stream().findFirst();
    }

    /** Takes over a key whose holder's lease ran out (it died, or answered without completing). */
    boolean takeOver(String principal, String key, Instant expiredLease) {
        return jdbc.update("""
                update idempotency_key set lease_until = ?
                where principal = ? and idempotency_key = ? and state <> 'COMPLETED' and lease_until = ?""",
                Timestamp.from(clock.instant().plus(properties.lease())), principal, key, Timestamp.from(expiredLease)) == 1;
    }

    /**
     * Marks the key's command as applied; called inside the command's own transaction, so the mark
     * and the events commit together or not at all. False if an earlier attempt applied it already.
     */
    boolean markApplied(String principal, String key) {
        if (jdbc.update("update idempotency_key set state = 'APPLIED' where principal = ? and idempotency_key = ? and state = 'IN_FLIGHT'",
                principal, key) == 1) {
            return true;
        }
        return find(principal, key).map(entry -> entry.state() == State.IN_FLIGHT).orElse(true);
    }

    void complete(String principal, String key, int status, String headers, byte[] body) {
        jdbc.update("""
                update idempotency_key set state = 'COMPLETED', response_status = ?, response_headers = ?, response_body = ?
                where principal = ? and idempotency_key = ? and state <> 'COMPLETED'""",
                status, headers, body, principal, key);
    }

    /**
     * The request did not succeed: if its command never committed, forget the key so a retry runs
     * afresh; if it did, keep it applied and let a retry take it over at once to answer.
     */
    void release(String principal, String key) {
        jdbc.update("delete from idempotency_key where principal = ? and idempotency_key = ? and state = 'IN_FLIGHT'", principal, key);
        jdbc.update("update idempotency_key set lease_until = created_at where principal = ? and idempotency_key = ? and state = 'APPLIED'",
                principal, key);
    }

    /** Run by the {@code idempotency-key-cleanup} recurring task ({@link ConsistencyConfiguration}). */
    void forgetOldKeys() {
        jdbc.update("delete from idempotency_key where created_at < ?", Timestamp.from(clock.instant().minus(properties.retention())));
    }
}
