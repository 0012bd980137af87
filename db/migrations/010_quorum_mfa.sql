-- Up Migration

-- How many approvals a request needs (the policy's `approvals:` rule, fixed when it is asked, so a
-- policy change never moves a request's goal), who has approved it so far (each approver once, in
-- order; the one whose approval completes it is also `decided_by`), and for a role change whether
-- Neon reported the target's MFA when it was asked (null: Neon did not say).
ALTER TABLE requests
  ADD COLUMN approvals_needed integer NOT NULL DEFAULT 1 CHECK (approvals_needed BETWEEN 1 AND 10),
  ADD COLUMN approved_by text[] NOT NULL DEFAULT '{}',
  ADD COLUMN target_mfa boolean;

-- Down Migration
ALTER TABLE requests DROP COLUMN target_mfa, DROP COLUMN approved_by, DROP COLUMN approvals_needed;
