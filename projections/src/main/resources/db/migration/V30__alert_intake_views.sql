-- Deliveries from the alerting system, lost (truncated) alerts and unmapped alerts, rebuilt from
-- the log by the "alert-intake" processor.
create table alert_delivery_view (
    delivery_id      varchar(40)  primary key,
    receiver         varchar(4000),
    status           varchar(4000),
    group_key        varchar(4000),
    truncated_alerts integer      not null,
    alert_count      integer      not null,
    outcomes         jsonb        not null,
    received_at      timestamptz  not null,
    actor            varchar(255)
);
create index alert_delivery_view_received on alert_delivery_view (received_at);

create table unmapped_alert_view (
    delivery_id  varchar(40)   not null,
    fingerprint  varchar(64)   not null,
    starts_at    timestamptz   not null,
    status       varchar(8)    not null,
    alertname    varchar(4000),
    reason       varchar(4000) not null,
    alert        jsonb         not null,
    received_at  timestamptz   not null,
    primary key (delivery_id, fingerprint, starts_at, status)
);
create index unmapped_alert_view_received on unmapped_alert_view (received_at);

create table lost_alerts_view (
    delivery_id  varchar(40)   primary key,
    receiver     varchar(4000),
    group_key    varchar(4000),
    lost_alerts  integer       not null,
    received_at  timestamptz   not null
);
