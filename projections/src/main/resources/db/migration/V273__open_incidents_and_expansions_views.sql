-- The no-go gate halts expansion while a SEV-1 or SEV-2 incident is open on a scope, its country or
-- a pipeline ("no-go-gate" processor): the open incidents with their current severity.
create table no_go_open_incident (
    incident_id     varchar(32)  primary key,
    scope_kind      varchar(16)  not null,
    scope_id        varchar(64)  not null,
    incident_class  varchar(40)  not null,
    severity        varchar(8)   not null,
    detected_at     timestamptz  not null
);

-- A scope's completed expansions, listed beside its launches ("launches" processor).
create table expansion_view (
    expansion_id  varchar(32)    primary key,
    scope_kind    varchar(16)    not null,
    scope_id      varchar(64)    not null,
    description   varchar(4000)  not null,
    completed_by  varchar(200),
    completed_at  timestamptz    not null,
    findings      jsonb          not null
);
create index expansion_view_by_scope on expansion_view (scope_kind, scope_id, completed_at);

-- Both processors are rebuilt from the log to fill the new tables from the events already recorded.
delete from no_go_evidence;
delete from no_go_drill_rebind;
delete from launch_view;
-- The event store's token table lives in another module's scripts: absent when only the views are migrated.
do $$
begin
    if to_regclass('token_entry') is not null then
        delete from token_entry where processor_name in ('no-go-gate', 'launches');
    end if;
end
$$;
