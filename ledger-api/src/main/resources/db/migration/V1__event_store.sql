-- The event store, owned by Flyway; Axon's JDBC engine only reads and appends.
-- Payload and metadata are bytea holding UTF-8 JSON (Jackson): never oid/large objects.
-- global_index comes from a sequence of increment 1, so restarts leave no gaps.

create table domain_event_entry (
    global_index         bigserial    primary key,
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255),
    event_identifier     varchar(255) not null unique,
    meta_data            bytea,
    payload              bytea        not null,
    payload_revision     varchar(255),
    payload_type         varchar(255) not null,
    time_stamp           varchar(255) not null,
    -- Two writers of one aggregate (two requests, or two nodes) collide here; the loser retries.
    constraint domain_event_entry_aggregate_sequence unique (aggregate_identifier, sequence_number)
);

create table snapshot_event_entry (
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255) not null,
    event_identifier     varchar(255) not null unique,
    meta_data            bytea,
    payload              bytea        not null,
    payload_revision     varchar(255),
    payload_type         varchar(255) not null,
    time_stamp           varchar(255) not null,
    primary key (aggregate_identifier, sequence_number)
);

create table token_entry (
    processor_name varchar(255) not null,
    segment        integer      not null,
    token          bytea,
    token_type     varchar(255),
    timestamp      varchar(255),
    owner          varchar(255),
    primary key (processor_name, segment)
);

-- The log is append-only: an update or delete of an event is refused by the database itself.
-- (Anyone able to drop this trigger can still tamper; the audit hash chain is what detects that.)
create function refuse_event_mutation() returns trigger language plpgsql as $$
begin
    raise exception 'domain_event_entry is append-only: % refused', tg_op
        using errcode = 'restrict_violation';
end;
$$;

create trigger domain_event_entry_append_only
    before update or delete on domain_event_entry
    for each row execute function refuse_event_mutation();

create trigger domain_event_entry_no_truncate
    before truncate on domain_event_entry
    for each statement execute function refuse_event_mutation();

-- The same log with its JSON decoded, for auditors reading with SQL.
create view event_log as
select global_index,
       type                                    as aggregate_type,
       aggregate_identifier,
       sequence_number,
       payload_type,
       payload_revision,
       time_stamp,
       convert_from(meta_data, 'UTF8')::jsonb  as meta_data,
       convert_from(payload, 'UTF8')::jsonb    as payload
from domain_event_entry;
