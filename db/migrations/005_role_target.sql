-- Up Migration

-- Whose Neon membership a role change is about: the target's Slack profile email, read when the
-- request is made (never typed), so approval and the later revert act on the person who was asked about.
ALTER TABLE requests ADD COLUMN target_email text;

-- Down Migration
ALTER TABLE requests DROP COLUMN target_email;
