-- Up Migration

-- The project key the bot created for a request, and its secret until the requester reveals it.
-- `sealed` is the secret only ever in sealed form (src/crypto/sealed.ts: AES-256-GCM under
-- BOT_ENCRYPTION_KEY, the request id as authenticated context). It is set to NULL when the key is
-- shown, when `expires_at` passes unrevealed, or when the key is revoked; the row stays, without
-- any secret, so a second Reveal can say what happened and `/neon revoke <key id>` finds the request.
CREATE TABLE key_secrets (
  request_id  text PRIMARY KEY REFERENCES requests (id),
  key_id      bigint NOT NULL,                 -- Neon's id of the org API key
  sealed      text,
  expires_at  timestamptz NOT NULL,            -- reveal before this, or the secret is purged
  revealed_at timestamptz,
  CHECK (sealed IS NULL OR revealed_at IS NULL)
);
CREATE INDEX key_secrets_by_key ON key_secrets (key_id);

-- Down Migration
DROP TABLE key_secrets;
