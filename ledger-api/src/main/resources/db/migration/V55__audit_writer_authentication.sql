-- Writer authentication (docs/audit.md): from this version on the ledger signs every event it
-- appends. Events already in the log were written unsigned; this records, once, the last of them.
-- The sealer seals an unsigned event only at or below this position; every later one must carry a
-- valid writer signature or the sealer stops there.
create table audit_writer_authentication (
    id                     smallint    primary key check (id = 1),
    unauthenticated_through bigint     not null,
    began_at               timestamptz not null default now()
);
insert into audit_writer_authentication (id, unauthenticated_through)
select 1, coalesce(max(global_index), 0) from domain_event_entry;

create trigger audit_writer_authentication_fixed
    before update or delete on audit_writer_authentication
    for each row execute function refuse_audit_mutation();

create trigger audit_writer_authentication_no_truncate
    before truncate on audit_writer_authentication
    for each statement execute function refuse_audit_mutation();
