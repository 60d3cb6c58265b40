-- Rebinds and the active manifest per scope, rebuilt from the log by the "rebinds" processor.
create table rebind_view (
    rebind_id    varchar(32)  primary key,
    scope_kind   varchar(16)  not null,
    scope_id     varchar(64)  not null,
    incident_id  varchar(32),
    drill        boolean      not null,
    phase        varchar(16)  not null,
    started_at   timestamptz  not null,
    version      bigint       not null,
    state        jsonb        not null
);
create index rebind_view_by_scope on rebind_view (scope_kind, scope_id, started_at);

-- What the ledger last saw or wrote as each scope's active and last-known-good manifest.
create table active_manifest_view (
    scope_kind              varchar(16)  not null,
    scope_id                varchar(64)  not null,
    active_manifest_id      varchar(255),
    active_manifest_sha256  varchar(64),
    active_pack_sha256      varchar(64),
    lkg_manifest_id         varchar(255),
    lkg_manifest_sha256     varchar(64),
    lkg_pack_sha256         varchar(64),
    last_rebind_id          varchar(32)  not null,
    last_rebind_phase       varchar(16)  not null,
    integrity               varchar(16)  not null,
    updated_at              timestamptz  not null,
    primary key (scope_kind, scope_id)
);

-- Everything that shapes a scope's posture, one row per incident, kill switch or rebind.
create table posture_source (
    source_id    varchar(32)  primary key,
    source_type  varchar(16)  not null,
    scope_kind   varchar(16)  not null,
    scope_id     varchar(64)  not null,
    subtype      varchar(40)  not null,
    severity     varchar(4),
    open         boolean      not null,
    drill        boolean      not null,
    since        timestamptz  not null
);
create index posture_source_by_scope on posture_source (scope_kind, scope_id, open);
