-- Up Migration

-- An extension (`/neon extend`) is a request of its own, of kind 'extend', pointing at the grant it
-- lengthens; approved, it moves that grant's `grant_expires_at` (no Neon call).
ALTER TABLE requests DROP CONSTRAINT requests_kind_check;
ALTER TABLE requests ADD CONSTRAINT requests_kind_check CHECK (kind IN ('invite', 'key', 'role', 'extend'));
ALTER TABLE requests ADD COLUMN grant_id text REFERENCES requests (id);
ALTER TABLE requests ADD CONSTRAINT requests_extend_has_grant CHECK ((kind = 'extend') = (grant_id IS NOT NULL));

-- When Neon applied a time-limited grant: its whole life (`maxTotal`) counts from here, and no
-- warning before its end falls before it. Earlier grants: their end minus their duration.
ALTER TABLE requests ADD COLUMN grant_started_at timestamptz;
UPDATE requests SET grant_started_at = grant_expires_at - duration_ms * interval '1 millisecond'
 WHERE grant_expires_at IS NOT NULL AND duration_ms IS NOT NULL;

-- Down Migration
ALTER TABLE requests DROP COLUMN grant_started_at;
ALTER TABLE requests DROP CONSTRAINT requests_extend_has_grant;
ALTER TABLE requests DROP COLUMN grant_id;
ALTER TABLE requests DROP CONSTRAINT requests_kind_check;
ALTER TABLE requests ADD CONSTRAINT requests_kind_check CHECK (kind IN ('invite', 'key', 'role'));
