-- The installation itself: one row, created with the database, so every page, backup and log
-- can say which installation it belongs to.
CREATE SCHEMA IF NOT EXISTS platform;

CREATE TABLE platform.installation (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now(),
  one_row boolean NOT NULL DEFAULT true UNIQUE CHECK (one_row)
);

INSERT INTO platform.installation DEFAULT VALUES;
