-- The audit hash chain (docs/audit.md). These tables are the ledger's own sealed record of the
-- log, not a view of it: nothing here is ever rebuilt from the events, or they could not
-- testify against a changed log.

-- The link sealed for each event: SHA-256 over the previous link and the event's canonical bytes.
create table audit_seal (
    position bigint   primary key,
    link     char(64) not null
);

-- Where the one sealer stands; its row lock is what keeps sealing single-threaded across nodes.
create table audit_chain_head (
    id                       smallint    primary key check (id = 1),
    position                 bigint      not null,
    event_count              bigint      not null,
    head                     char(64)    not null,
    last_checkpoint_count    bigint      not null,
    last_checkpoint_at       timestamptz
);
insert into audit_chain_head (id, position, event_count, head, last_checkpoint_count)
values (1, 0, 0, repeat('0', 64), 0);

-- Signed checkpoints; each is also written to object storage (anchored_at once it is there).
create table audit_checkpoint (
    position        bigint      primary key,
    event_count     bigint      not null,
    head            char(64)    not null,
    sealed_at       varchar(40) not null,
    key_id          char(64)    not null,
    signature       varchar(100) not null,
    anchored_at     timestamptz,
    anchor_location text,
    anchor_problem  text
);

-- Seals and signed checkpoints are append-only, like the log they vouch for; only a
-- checkpoint's anchoring columns may be filled in later.
create function refuse_audit_mutation() returns trigger language plpgsql as $$
begin
    if tg_table_name = 'audit_checkpoint' and tg_op = 'UPDATE' then
        if new.position = old.position and new.event_count = old.event_count and new.head = old.head
           and new.sealed_at = old.sealed_at and new.key_id = old.key_id and new.signature = old.signature then
            return new;
        end if;
    end if;
    raise exception '% is append-only: % refused', tg_table_name, tg_op
        using errcode = 'restrict_violation';
end;
$$;

create trigger audit_seal_append_only
    before update or delete on audit_seal
    for each row execute function refuse_audit_mutation();

create trigger audit_checkpoint_signed_columns_fixed
    before update or delete on audit_checkpoint
    for each row execute function refuse_audit_mutation();

create trigger audit_seal_no_truncate
    before truncate on audit_seal
    for each statement execute function refuse_audit_mutation();

create trigger audit_checkpoint_no_truncate
    before truncate on audit_checkpoint
    for each statement execute function refuse_audit_mutation();
