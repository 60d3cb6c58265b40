-- The ledger nodes running on this database, each with when it was last seen: a node compares
-- how many are alive with the view segments it holds, and hands over those beyond its fair share.
create table ledger_node (
    node_id   text primary key,
    last_seen timestamp with time zone not null
);
