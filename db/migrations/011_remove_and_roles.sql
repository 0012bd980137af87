-- Up Migration

-- A new kind, `remove` (an approver asks to remove a member from the Neon organization), and
-- every role of Neon's MemberRole (editor, viewer, collaborator besides admin and member).
ALTER TABLE requests DROP CONSTRAINT requests_kind_check;
ALTER TABLE requests ADD CONSTRAINT requests_kind_check CHECK (kind IN ('invite', 'key', 'role', 'extend', 'remove'));
ALTER TABLE requests DROP CONSTRAINT requests_role_check;
ALTER TABLE requests ADD CONSTRAINT requests_role_check
  CHECK (role IN ('admin', 'member', 'editor', 'viewer', 'collaborator'));

-- Down Migration
ALTER TABLE requests DROP CONSTRAINT requests_role_check;
ALTER TABLE requests ADD CONSTRAINT requests_role_check CHECK (role IN ('admin', 'member'));
ALTER TABLE requests DROP CONSTRAINT requests_kind_check;
ALTER TABLE requests ADD CONSTRAINT requests_kind_check CHECK (kind IN ('invite', 'key', 'role', 'extend'));
