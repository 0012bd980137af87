-- Up Migration

-- Each approver's own Neon personal API key (`/neon admin connect`), at most one per person.
-- The key itself is only ever stored sealed (src/crypto/sealed.ts: AES-256-GCM under
-- BOT_ENCRYPTION_KEY, a fresh IV per value, the Slack user ID as authenticated context, so a
-- sealed value copied to another person's row does not open).
CREATE TABLE admin_credentials (
  slack_user_id  text PRIMARY KEY,
  sealed_key     text NOT NULL,
  neon_user_id   text NOT NULL,               -- the key's owner, as GET /users/me answered at connect
  neon_email     text NOT NULL,
  -- 'invalid': Neon answered 401 for it; kept (not deleted) so its owner can be told and it is never tried again.
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'invalid')),
  connected_at   timestamptz NOT NULL DEFAULT now(),
  invalidated_at timestamptz,
  CHECK ((status = 'invalid') = (invalidated_at IS NOT NULL))
);

-- Down Migration
DROP TABLE admin_credentials;
