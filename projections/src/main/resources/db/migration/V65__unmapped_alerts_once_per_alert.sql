-- An unmapped alert is shown once per alert (fingerprint, start, status), as mapped alerts are recorded
-- once per firing, however many deliveries re-sent it: the first delivery and receipt, the latest, and
-- how many deliveries brought it. The alert-intake views are rebuilt from the log to get there.
drop table unmapped_alert_view;
create table unmapped_alert_view (
    fingerprint       varchar(64)   not null,
    starts_at         timestamptz   not null,
    status            varchar(8)    not null,
    delivery_id       varchar(40)   not null,
    alertname         varchar(4000),
    reason            varchar(4000) not null,
    alert             jsonb         not null,
    received_at       timestamptz   not null,
    last_delivery_id  varchar(40)   not null,
    last_received_at  timestamptz   not null,
    deliveries        integer       not null,
    primary key (fingerprint, starts_at, status)
);
create index unmapped_alert_view_received on unmapped_alert_view (received_at);

delete from alert_delivery_view;
delete from lost_alerts_view;
-- The event store's token table lives in another module's scripts: absent when only the views are migrated.
do $$
begin
    if to_regclass('token_entry') is not null then
        delete from token_entry where processor_name = 'alert-intake';
    end if;
end
$$;
