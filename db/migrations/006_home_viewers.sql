-- Up Migration

-- Who has opened the bot's Home tab at least once. After a change the bot re-publishes the Home
-- only of these people: the others would never look, and every change would otherwise publish to
-- every approver forever.
CREATE TABLE home_viewers (
  user_id         text PRIMARY KEY,
  first_opened_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE home_viewers;
