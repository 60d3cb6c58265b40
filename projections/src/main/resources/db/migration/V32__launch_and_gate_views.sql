-- Launch-day validations (the "launches" processor) and the evidence the no-go gate reads per
-- scope (the "no-go-gate" processor); both rebuilt from the log.
create table launch_view (
    launch_id    varchar(160)  primary key,
    scope_kind   varchar(16)   not null,
    scope_id     varchar(64)   not null,
    app_build    varchar(64)   not null,
    validated    boolean       not null,
    completed    boolean       not null,
    version      bigint        not null,
    state        jsonb         not null
);
create index launch_view_by_scope on launch_view (scope_kind, scope_id);

-- Drill rebinds, so a completion (which names only the rebind) can be tied to its scope.
create table no_go_drill_rebind (
    rebind_id   varchar(32)  primary key,
    scope_kind  varchar(16)  not null,
    scope_id    varchar(64)  not null
);

-- One row per piece of evidence a no-go rule can use, the latest of its kind per scope.
create table no_go_evidence (
    scope_kind  varchar(16)    not null,
    scope_id    varchar(64)    not null,
    item        varchar(120)   not null,
    detail      varchar(4000)  not null,
    seen_at     timestamptz    not null,
    primary key (scope_kind, scope_id, item)
);
