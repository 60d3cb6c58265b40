-- pgbench transaction for scripts/benchmark.sh: one single-row insert shaped like a ledger event
-- (identifiers, a ~500-byte payload, ~200 bytes of metadata), committed on its own.
\set n random(1, 9000000000000000000)
INSERT INTO bench_raw_insert (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                              payload_type, payload_revision, payload, meta_data)
VALUES (gen_random_uuid()::text, 'inc-' || :n, :n, 'Incident', now()::text,
        'org.binkindly.ledger.core.incident.ContainmentActionRecorded', '1',
        convert_to(repeat(md5(:n::text), 15), 'UTF8'), convert_to(repeat(md5((:n - 1)::text), 6), 'UTF8'));
