-- Kill-switch activations as read models, rebuilt from the log by the "kill-switches" processor.
create table kill_switch_view (
    kill_switch_id varchar(32)  primary key,
    kind           varchar(16)  not null,
    scope_kind     varchar(16)  not null,
    scope_id       varchar(64)  not null,
    active         boolean      not null,
    drill          boolean      not null,
    incident_id    varchar(32),
    activated_at   timestamptz  not null,
    version        bigint       not null,
    state          jsonb        not null
);
create index kill_switch_view_by_scope on kill_switch_view (scope_kind, scope_id, active);
