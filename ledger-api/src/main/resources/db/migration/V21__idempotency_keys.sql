-- Idempotency-Key: one row per (caller, key). IN_FLIGHT while the first request runs, APPLIED once
-- its command committed (set in the same transaction as the command's events), COMPLETED with the
-- answer to replay. Rows outlive restarts and are dropped after ledger.idempotency.retention.
create table idempotency_key (
    principal        varchar(255)  not null,
    idempotency_key  varchar(255)  not null,
    fingerprint      char(64)      not null,
    method           varchar(8)    not null,
    path             varchar(2048) not null,
    state            varchar(10)   not null,
    lease_until      timestamptz   not null,
    created_at       timestamptz   not null,
    response_status  integer,
    response_headers text,
    response_body    bytea,
    primary key (principal, idempotency_key)
);
create index idempotency_key_created on idempotency_key (created_at);
