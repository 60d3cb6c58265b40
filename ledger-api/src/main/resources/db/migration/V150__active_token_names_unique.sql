-- Names tell people apart in the log, so no two tokens that may still act hold one name. The
-- application checks this before it creates a token; this index settles two creates that race
-- past that check (the second insert fails and answers 409 TOKEN_NAME_IN_USE).
--
-- Expiry cannot be part of a partial index (it depends on the clock), so a token gives up its
-- name explicitly: when it is revoked, or when a new token takes the name after it expired
-- (name_released_at is then set; the row itself stays, for the record).
alter table api_token add column name_released_at timestamptz;

-- Names held twice before this migration: expired holders give the name up, and of tokens
-- still usable only the newest keeps it (the others keep working until revoked or expired,
-- and their events still carry their own token id).
update api_token set name_released_at = now()
where revoked_at is null and expires_at <= now();

update api_token older set name_released_at = now()
where older.revoked_at is null and older.name_released_at is null
  and exists (select 1 from api_token newer
              where newer.name = older.name and newer.revoked_at is null and newer.name_released_at is null
                and (newer.created_at, newer.token_id) > (older.created_at, older.token_id));

create unique index api_token_active_name on api_token (name)
    where revoked_at is null and name_released_at is null;
