-- Written once by `restore` (docs/operations.md, "Backup and restore"): the log in this database
-- was restored from a backup through position `through`. Every event processor that has no token
-- yet starts as if reset at that position: views rebuild from the restored events, and policies
-- (@DisallowReplay) do not act on them a second time.
create table restored_from_backup (
    id                 smallint    primary key check (id = 1),
    through            bigint      not null,
    backup_exported_at varchar(40),
    restored_at        timestamptz not null default now()
);

create trigger restored_from_backup_fixed
    before update or delete on restored_from_backup
    for each row execute function refuse_audit_mutation();

create trigger restored_from_backup_no_truncate
    before truncate on restored_from_backup
    for each statement execute function refuse_audit_mutation();
