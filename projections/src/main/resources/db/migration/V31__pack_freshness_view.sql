-- Each watched scope's active pack and its freshness, rebuilt from the log by the "pack-freshness" processor.
create table pack_freshness_view (
    scope_kind         varchar(16)   not null,
    scope_id           varchar(64)   not null,
    threshold_seconds  bigint        not null,
    manifest_id        varchar(4000),
    published_at       timestamptz,
    stale_since        timestamptz,
    unreadable_reason  varchar(4000),
    watched_since      timestamptz   not null,
    breaches           integer       not null default 0,
    primary key (scope_kind, scope_id)
);
