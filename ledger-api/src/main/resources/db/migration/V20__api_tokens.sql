-- API tokens an admin manages at run time (HTTP or command line). Only the SHA-256 of a token is
-- kept: the token itself is shown once, when it is created. Revoked and expired rows stay, so
-- an auditor can see who held which roles when.
create table api_token (
    token_id     varchar(32)  primary key,
    name         varchar(64)  not null,
    token_sha256 char(64)     not null unique,
    roles        varchar(255) not null,
    created_at   timestamptz  not null,
    created_by   varchar(255) not null,
    expires_at   timestamptz  not null,
    revoked_at   timestamptz,
    revoked_by   varchar(255)
);
create index api_token_by_name on api_token (name);
