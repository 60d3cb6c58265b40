-- Read models of incidents. Every row here is rebuilt from the event log by replaying the
-- "incident-views" and "incident-history" processors; nothing here is the truth.

create table incident_view (
    incident_id    varchar(32)  primary key,
    incident_class varchar(40)  not null,
    scope_kind     varchar(16)  not null,
    scope_id       varchar(64)  not null,
    severity       varchar(4)   not null,
    status         varchar(8)   not null,
    detected_at    timestamptz  not null,
    version        bigint       not null,
    state          jsonb        not null
);
create index incident_view_open_by_severity on incident_view (status, severity, detected_at);
create index incident_view_by_scope on incident_view (scope_kind, scope_id);

create table incident_timeline (
    incident_id     varchar(32)  not null,
    sequence_number bigint       not null,
    recorded_at     timestamptz  not null,
    actor           varchar(255),
    event_type      varchar(64)  not null,
    event           jsonb        not null,
    primary key (incident_id, sequence_number)
);

create table incident_history (
    incident_id    varchar(32)  primary key,
    incident_class varchar(40)  not null,
    scope          varchar(96)  not null,
    detected_at    timestamptz  not null
);
create index incident_history_lookup on incident_history (incident_class, scope, detected_at);
