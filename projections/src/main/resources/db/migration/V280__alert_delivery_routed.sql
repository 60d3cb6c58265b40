-- A delivery is on record (received) before its alerts are routed; the view shows it from then on,
-- with routed = false and no outcomes until routing records them. Existing rows were routed.
alter table alert_delivery_view add column routed boolean not null default true;
alter table alert_delivery_view alter column routed drop default;
