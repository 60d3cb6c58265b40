-- What the severity board shows of an open incident beside its severity: its open checklist items and how
-- many things still stand between it and its closure ("incident-views" processor, from the same fold as
-- the row). The board then reads two columns, not every open incident's lists put back together and
-- parsed (20 s for 10,000 open incidents). The rows folded before this script are counted by V283, a
-- Java migration (IncidentViewBoardCountsMigration), as the counts come from the fold, not from SQL;
-- until then, and after a Flyway run without it, the board counts a row left null from its state.
alter table incident_view add column open_items integer, add column closure_gaps integer;
