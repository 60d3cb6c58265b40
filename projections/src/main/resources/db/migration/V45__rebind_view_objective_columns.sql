-- The rebind objective as columns, so that metrics read the view's own columns and not the fold's
-- JSON. The "rebinds" processor fills them on every event (and a rebuild refills them); rows folded
-- before this migration are filled once from the state they hold, in the fold's shape of this version.
alter table rebind_view
    add column restore_objective_met   boolean,
    add column integrity_objective_met boolean,
    add column restore_seconds         bigint,
    add column integrity_seconds       bigint,
    add column verified_at             timestamptz,
    add column objective_breached      boolean not null default false;

update rebind_view set
    restore_objective_met   = (state->'completion'->>'restoreObjectiveMet')::boolean,
    integrity_objective_met = (state->'completion'->>'integrityObjectiveMet')::boolean,
    restore_seconds         = (state->'completion'->>'restoreSeconds')::bigint,
    integrity_seconds       = (state->'completion'->>'integritySeconds')::bigint,
    verified_at             = (state->'completion'->>'verifiedAt')::timestamptz,
    objective_breached      = coalesce(state->'breaches' <> '{}'::jsonb, false);
