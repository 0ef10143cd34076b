-- Teams: the people of one or more organisations who work together around people, such as a
-- multidisciplinary team aligned with a GP practice. A team on a person's care team lets every
-- member see the person's record.
CREATE TABLE access.team (
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- The organisation that hosts it (its members may come from others).
  organisation_id text NOT NULL REFERENCES access.organisation (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE access.team_member (
  team_id text NOT NULL REFERENCES access.team (id),
  account_id bigint NOT NULL REFERENCES access.account (id),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, account_id)
);
CREATE INDEX team_member_account ON access.team_member (account_id);

ALTER TABLE access.relationship ADD COLUMN team_id text REFERENCES access.team (id);
ALTER TABLE access.relationship DROP CONSTRAINT relationship_check;
ALTER TABLE access.relationship ADD CONSTRAINT relationship_one_reader
  CHECK ((organisation_id IS NOT NULL)::int + (account_id IS NOT NULL)::int + (team_id IS NOT NULL)::int = 1);
