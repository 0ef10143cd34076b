-- The installation's key for pseudonyms (HMAC-SHA256 of a person id): made on first use by the
-- pseudonymised view (pseudonymised.ts), one row only. It never leaves the database but is in its
-- backups, like the rest of the data.
CREATE TABLE access.pseudonym_key (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  key bytea NOT NULL CHECK (length(key) = 32)
);
