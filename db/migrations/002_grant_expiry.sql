-- Up Migration

-- When a time-limited grant (a project key, a temporary role) ends; set when Neon applied it,
-- so the clock starts at the effect, not at the ask.
ALTER TABLE requests ADD COLUMN grant_expires_at timestamptz;
CREATE INDEX requests_live_grants ON requests (grant_expires_at) WHERE status = 'done' AND grant_expires_at IS NOT NULL;

-- Down Migration
DROP INDEX requests_live_grants;
ALTER TABLE requests DROP COLUMN grant_expires_at;
