-- The FHIR view of the record: a record of a FHIR type (sent as FHIR, or a source's CSV row projected
-- to FHIR) has a logical id, unique among the current records of its type, and the resource exactly
-- as the FHIR API serves it (id, meta with versionId and lastUpdated, references as logical ids).
-- A delete is a version of its own (deleted, no resource), so history keeps it.
ALTER TABLE record.source_record
  ADD COLUMN fhir_type text,
  ADD COLUMN fhir_id text CHECK (fhir_id ~ '^[A-Za-z0-9.-]{1,64}$'),
  ADD COLUMN resource json,
  ADD COLUMN deleted boolean NOT NULL DEFAULT false,
  -- How the version arrived: a file import, or a write through the FHIR API.
  ADD COLUMN via text NOT NULL DEFAULT 'import' CHECK (via IN ('import', 'fhir')),
  -- The API request that wrote it (provenance of FHIR writes).
  ADD COLUMN request_id text;

-- Read by id. (vread and instance history find the record's other versions by its source key, through
-- the versions' own unique index; $everything reads a person's records through source_record_person.)
CREATE UNIQUE INDEX source_record_fhir_current ON record.source_record (fhir_type, fhir_id) WHERE current;
-- Type and system history, newest first (both only ever appended to at their end).
CREATE INDEX source_record_fhir_changes ON record.source_record (fhir_type, received_at DESC, id DESC) WHERE fhir_type IS NOT NULL;
CREATE INDEX source_record_changes ON record.source_record (received_at DESC, id DESC) WHERE fhir_type IS NOT NULL;
