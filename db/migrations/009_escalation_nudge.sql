-- Up Migration

-- Escalation: when a still-pending request was shown to the policy's escalation approvers, and to
-- whom (Slack user and user group IDs, as the policy named them then). Set once: the transition
-- that sets it applies only while it is null, so a retried job cannot escalate twice.
ALTER TABLE requests ADD COLUMN escalated_at timestamptz;
ALTER TABLE requests ADD COLUMN escalated_to text[];
-- The requester's last "Nudge approvers": the next one is allowed 30 minutes after it.
ALTER TABLE requests ADD COLUMN nudged_at timestamptz;

-- Down Migration
ALTER TABLE requests DROP COLUMN nudged_at;
ALTER TABLE requests DROP COLUMN escalated_to;
ALTER TABLE requests DROP COLUMN escalated_at;
