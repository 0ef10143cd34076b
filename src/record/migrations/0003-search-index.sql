-- FHIR search: the values of each current record's search parameters (FHIR R4 "Search",
-- http://hl7.org/fhir/R4/search.html), extracted when the record is stored and removed when it is
-- superseded or deleted. One table per kind of value, each carrying person_id like every
-- person-scoped table. Written and read by src/record/search/ (index-store.ts, sql.ts).
--
-- record_id has no foreign key: the rows are written only with the record they come from, in its
-- transaction, and cleared with it; a check of every row cost 40% of the write (measured on both
-- backends), and a search reaches a row only through its current source_record, so a row whose
-- record were gone would match nothing.

-- Tokens, and the values of uri parameters (with no system). A code or system longer than 400
-- characters (no real one is) is not indexed, so that no entry can outgrow a btree page.
CREATE TABLE record.search_token (
  record_id bigint NOT NULL,
  person_id bigint,
  resource_type text NOT NULL,
  param text NOT NULL,
  system text,
  code text NOT NULL
);
CREATE INDEX search_token_value ON record.search_token (resource_type, param, code, system);
CREATE INDEX search_token_record ON record.search_token (record_id);

CREATE TABLE record.search_string (
  record_id bigint NOT NULL,
  person_id bigint,
  resource_type text NOT NULL,
  param text NOT NULL,
  -- Lower case, accents removed, whitespace collapsed (punctuation kept): what the default "starts
  -- with" match compares. Its first 200 characters only, to stay within a btree entry.
  norm text NOT NULL,
  -- As written, for :exact.
  exact text NOT NULL
);
CREATE INDEX search_string_value ON record.search_string (resource_type, param, norm text_pattern_ops);
CREATE INDEX search_string_record ON record.search_string (record_id);

CREATE TABLE record.search_date (
  record_id bigint NOT NULL,
  person_id bigint,
  resource_type text NOT NULL,
  param text NOT NULL,
  -- The instants the value covers: [low, high), open ends as -infinity / infinity.
  low timestamptz NOT NULL,
  high timestamptz NOT NULL
);
CREATE INDEX search_date_value ON record.search_date (resource_type, param, low, high);
CREATE INDEX search_date_record ON record.search_date (record_id);

CREATE TABLE record.search_reference (
  record_id bigint NOT NULL,
  person_id bigint,
  resource_type text NOT NULL,
  param text NOT NULL,
  -- The reference as written, and the type and logical id it ends in, if any. Only a relative
  -- reference (Type/id, with no scheme) is to a record held here: an absolute URL ending in Type/id
  -- is another server's, and the search matches it by url alone.
  target_type text,
  target_id text,
  url text NOT NULL
);
-- One index both ways: a search for the records that refer to a target (subject=Patient/1), and
-- from a target back to what refers to it (_revinclude, chains).
CREATE INDEX search_reference_target ON record.search_reference (target_id, target_type, param, resource_type);
CREATE INDEX search_reference_record ON record.search_reference (record_id);

CREATE TABLE record.search_quantity (
  record_id bigint NOT NULL,
  person_id bigint,
  resource_type text NOT NULL,
  param text NOT NULL,
  value numeric NOT NULL,
  -- The unit's system and code (the unit as written when there is no code); none for a number.
  -- A Range is indexed as its two ends.
  system text,
  code text
);
CREATE INDEX search_quantity_value ON record.search_quantity (resource_type, param, value);
CREATE INDEX search_quantity_record ON record.search_quantity (record_id);
