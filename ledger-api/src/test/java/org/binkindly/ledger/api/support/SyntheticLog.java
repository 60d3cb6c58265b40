package org.binkindly.ledger.api.support;

import org.binkindly.ledger.core.audit.CheckpointSigner;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Many events, written straight into the event table by PostgreSQL itself, for measuring how the
 * audit stream scales. Each carries about 470 bytes of JSON payload and 80 of metadata, like a
 * real event; their payload type exists nowhere, so no handler takes them for a real fact.
 */
public final class SyntheticLog {

    public static final String PAYLOAD_TYPE = "org.binkindly.ledger.bench.SyntheticEvent";

    private SyntheticLog() {
    }

    /**
     * The same kind of events, each signed with the ledger's writer key the way the ledger's own
     * insert signs them, so the sealer seals them (it refuses unsigned rows). Slower than
     * {@link #append}: the signatures are computed here, one per event.
     */
    public static void appendSigned(JdbcTemplate jdbc, CheckpointSigner signer, int events) {
        long first = jdbc.queryForObject("select coalesce(max(global_index), 0) + 1 from domain_event_entry", Long.class);
        String timestamp = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        List<Object[]> batch = new ArrayList<>();
        for (long g = first; g < first + events; g++) {
            String aggregate = "bench-" + (g / 10);
            String eventId = "bench-evt-" + g + "-" + UUID.randomUUID();
            String hex = HexFormat.of().formatHex(Long.toString(g).getBytes(StandardCharsets.UTF_8));
            byte[] metadata = ("{\"actor\":\"bench\",\"requestId\":\"" + hex + "\"}").getBytes(StandardCharsets.UTF_8);
            byte[] payload = ("{\"n\":" + g + ",\"text\":\"" + hex.repeat(Math.max(1, 448 / hex.length())) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] signed = signer.authenticate(eventId, "Synthetic", aggregate, g % 10, timestamp, PAYLOAD_TYPE, "1", metadata, payload);
            batch.add(new Object[]{aggregate, g % 10, eventId, signed, payload, PAYLOAD_TYPE, timestamp});
            if (batch.size() == 1000 || g == first + events - 1) {
                jdbc.batchUpdate("insert into domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier, "
                        + "meta_data, payload, payload_revision, payload_type, time_stamp) values (?, ?, 'Synthetic', ?, ?, ?, '1', ?, ?)",
                        batch);
                batch.clear();
            }
        }
    }

    /** Unsigned rows straight from PostgreSQL: fast, for the stream alone (the sealer refuses them). */
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
