package org.binkindly.ledger.api.support;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Many events, written straight into the event table by PostgreSQL itself, for measuring how the
 * audit stream scales. Each carries about 470 bytes of JSON payload and 80 of metadata, like a
 * real event; their payload type exists nowhere, so no handler takes them for a real fact.
 */
public final class SyntheticLog {

    public static final String PAYLOAD_TYPE = "org.binkindly.ledger.bench.SyntheticEvent";

    private SyntheticLog() {
    }

    public static void append(JdbcTemplate jdbc, int events) {
        jdbc.update("""
                insert into domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier, meta_data,
                                                payload, payload_revision, payload_type, time_stamp)
                select 'bench-' || (g / 10), g % 10, 'Synthetic', 'bench-evt-' || g || '-' || md5(random()::text),
                       convert_to('{"actor":"bench","requestId":"' || md5(g::text) || '"}', 'UTF8'),
                       convert_to('{"n":' || g || ',"text":"' || repeat(md5(g::text), 14) || '"}', 'UTF8'),
                       '1', ?, to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                from generate_series((select coalesce(max(global_index), 0) + 1 from domain_event_entry),
                                     (select coalesce(max(global_index), 0) from domain_event_entry) + ?) g""",
                PAYLOAD_TYPE, events);
    }
}
