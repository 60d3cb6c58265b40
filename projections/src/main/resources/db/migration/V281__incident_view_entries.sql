-- An incident's lists (containment actions, alerts, checklist, ...) move out of its view document into
-- rows of their own, one per entry ("incident-views" processor): folding one more event into an
-- incident of 10,000 containment actions then writes one small row and the document without its
-- lists, instead of the whole 1.6 MB document again. Readers put the lists back in SQL
-- (IncidentViewProjector.STATE), so what they read is the document as it was before.
create table incident_view_entry (
    incident_id  varchar(32)  not null,
    list_name    varchar(32)  not null,
    entry_index  integer      not null,
    entry        jsonb        not null,
    primary key (incident_id, list_name, entry_index)
);

-- The rows already folded keep their state: their lists are moved, not rebuilt.
insert into incident_view_entry (incident_id, list_name, entry_index, entry)
select v.incident_id, l.key, e.ordinality - 1, e.value
from incident_view v
cross join lateral jsonb_each(v.state) l
cross join lateral jsonb_array_elements(case when jsonb_typeof(l.value) = 'array' then l.value else '[]'::jsonb end)
    with ordinality e
where l.key in ('observedFailureModes', 'severityHistory', 'checklist', 'containmentActions', 'interventions',
                'verifications', 'followUps', 'decisions', 'recurrenceOf', 'rebinds', 'alerts', 'killSwitches');

update incident_view
set state = state - array['observedFailureModes', 'severityHistory', 'checklist', 'containmentActions', 'interventions',
                          'verifications', 'followUps', 'decisions', 'recurrenceOf', 'rebinds', 'alerts', 'killSwitches'];
