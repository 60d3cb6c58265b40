-- The incidents open now, with their class and scope: the write side's answer to "is an incident of
-- this class and scope open?", kept in the transaction of the events that open and close them
-- (api.incident.OpenIncidents), so a declaration need not wait for any view to catch up. Derived
-- from the log only: filled here from the events already stored (a restore refills it the same way,
-- adapters.eventlog.EventLogRestore), then maintained by the declared and closed events.
create table open_incident (
    incident_id    text primary key,
    incident_class text not null,
    scope          text not null
);
create index open_incident_class_scope on open_incident (incident_class, scope);

insert into open_incident (incident_id, incident_class, scope)
select declared.payload ->> 'incidentId', declared.payload ->> 'incidentClass', declared.payload ->> 'scope'
from (select convert_from(payload, 'UTF8')::jsonb as payload from domain_event_entry
      where payload_type = 'org.binkindly.ledger.core.incident.IncidentDeclared') declared
where not exists (select 1 from domain_event_entry closed
                  where closed.payload_type = 'org.binkindly.ledger.core.incident.IncidentClosed'
                    and closed.aggregate_identifier = declared.payload ->> 'incidentId')
on conflict (incident_id) do nothing;
