-- Up Migration

-- One row per ask. `status` only moves through the state machine in src/domain/request.ts,
-- always by one conditional UPDATE (… WHERE status = ANY(allowed)) so a race has one winner.
CREATE TABLE requests (
  id              text PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('invite', 'key', 'role')),
  status          text NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'cancelled', 'expired',
                                                  'executing', 'done', 'failed', 'revoked', 'reverted')),
  requester_id    text NOT NULL,               -- Slack user ID
  requester_email text,                        -- from the Slack profile, never typed
  target_user_id  text,                        -- role changes for someone else
  role            text CHECK (role IN ('admin', 'member')),
  project_id      text,
  duration_ms     bigint,
  reason          text NOT NULL DEFAULT '',
  -- Identical open asks share a key; the partial unique index below keeps at most one open.
  dedupe_key      text NOT NULL,
  decided_by      text,
  decided_at      timestamptz,
  decision_note   text,
  executed_with   text,                        -- whose Neon key ran it: a Slack user ID or 'fallback'
  result          jsonb,
  error           text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX requests_one_open_per_key ON requests (dedupe_key)
  WHERE status IN ('pending', 'approved', 'executing');
CREATE INDEX requests_by_requester ON requests (requester_id, created_at DESC);
CREATE INDEX requests_by_status ON requests (status, created_at);

-- Where each request's approval card was posted (one channel, or one DM per approver);
-- stored before any slow call so a later update always finds the same message.
CREATE TABLE request_cards (
  request_id text NOT NULL REFERENCES requests (id),
  channel    text NOT NULL,
  ts         text NOT NULL,
  PRIMARY KEY (request_id, channel)
);

-- Append-only history, hash-chained: hash = sha256(prev_hash || canonical row content).
CREATE TABLE request_events (
  seq         bigserial PRIMARY KEY,
  request_id  text NOT NULL REFERENCES requests (id),
  event       text NOT NULL,
  from_status text,
  to_status   text NOT NULL,
  actor_id    text NOT NULL,                   -- Slack user ID, or 'system'
  detail      jsonb NOT NULL DEFAULT '{}',
  at          timestamptz NOT NULL,
  prev_hash   text NOT NULL,
  hash        text NOT NULL UNIQUE
);
CREATE INDEX request_events_by_request ON request_events (request_id, seq);

CREATE FUNCTION request_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'request_events is append-only';
END $$;

CREATE TRIGGER request_events_no_update_or_delete
  BEFORE UPDATE OR DELETE ON request_events
  FOR EACH ROW EXECUTE FUNCTION request_events_append_only();

-- Down Migration
DROP TABLE request_events;
DROP FUNCTION request_events_append_only();
DROP TABLE request_cards;
DROP TABLE requests;
