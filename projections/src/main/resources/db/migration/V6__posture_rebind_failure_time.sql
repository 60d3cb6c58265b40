-- When a rebind failed, so that a completed rebind settles only the failures that came before it,
-- even when an earlier completion is delivered again after a later failure.
alter table posture_source add column failed_at timestamptz;
