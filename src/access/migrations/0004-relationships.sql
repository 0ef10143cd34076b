-- Legitimate relationships: who may see a person's record, and why (the security model in DESIGN.md).
--   * registration: the person is registered with the reader's GP practice (the identity's practice
--     code is the organisation's ODS code);
--   * care: the reader's organisation runs a source system that holds an open episode, referral or
--     admission for the person, or one that ended less than the relationship's afterlife ago (the
--     access policy passes it; see policy.ts) — derived from the records themselves, below;
--   * recorded relationships: care-team membership, the person themselves, a carer they authorised,
--     and break-glass, each with its start, its end and who made it.

-- Which organisation runs each source system: its records are that organisation's.
CREATE TABLE access.source_organisation (
  source_id text PRIMARY KEY REFERENCES people.source_system (id),
  organisation_id text NOT NULL REFERENCES access.organisation (id)
);
CREATE INDEX source_organisation_organisation ON access.source_organisation (organisation_id);

-- Accounts of people themselves and of carers, beside the staff roles.
ALTER TABLE access.account DROP CONSTRAINT account_role_check;
ALTER TABLE access.account ADD CONSTRAINT account_role_check CHECK (role IN (
  'gp', 'practice-nurse', 'district-nurse', 'social-worker', 'occupational-therapist', 'care-coordinator', 'home-care-provider', 'discharge-team',
  'commissioner', 'ig-lead', 'administrator', 'person', 'carer'));
-- A person's own account is theirs through one of their identities (it follows linkage and merges).
ALTER TABLE access.account ADD COLUMN identity_id bigint REFERENCES people.identity (id);
ALTER TABLE access.account ADD CONSTRAINT account_person_identity CHECK ((role = 'person') = (identity_id IS NOT NULL));

-- The care a source's record says its organisation gives: one row per current record that is an
-- episode, an encounter or a referral; `ends` is null while it is open.
CREATE TABLE access.care_record (
  record_id bigint PRIMARY KEY REFERENCES record.source_record (id) ON DELETE CASCADE,
  identity_id bigint NOT NULL REFERENCES people.identity (id),
  source_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('episode', 'encounter', 'referral')),
  ends date
);
CREATE INDEX care_record_identity ON access.care_record (identity_id, source_id);

-- The last day a period-like FHIR value covers (a date, a month, a year or an instant); null when unreadable.
CREATE FUNCTION access.last_day(value text) RETURNS date LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  IF value ~ '^\d{4}-\d{2}-\d{2}' THEN RETURN left(value, 10)::date;
  ELSIF value ~ '^\d{4}-\d{2}$' THEN RETURN (value || '-01')::date + interval '1 month' - interval '1 day';
  ELSIF value ~ '^\d{4}$' THEN RETURN (value || '-12-31')::date;
  END IF;
  RETURN NULL;
EXCEPTION WHEN others THEN
  RETURN NULL;
END
$$;

-- What care a current record shows (FHIR R4 status value sets): null for a record that shows none.
-- A closed one without a readable end date ends the day it was received.
CREATE FUNCTION access.care_of(fhir_type text, resource json, received timestamptz) RETURNS TABLE (kind text, open boolean, ends date)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT k.kind, k.open,
         CASE WHEN k.open THEN NULL ELSE coalesce(access.last_day(k.ended), received::date) END
    FROM (SELECT CASE fhir_type WHEN 'EpisodeOfCare' THEN 'episode' WHEN 'Encounter' THEN 'encounter' WHEN 'ServiceRequest' THEN 'referral' END AS kind,
                 CASE fhir_type
                   WHEN 'EpisodeOfCare' THEN resource->>'status' IN ('planned', 'waitlist', 'active', 'onhold')
                   WHEN 'Encounter' THEN resource->>'status' IN ('planned', 'arrived', 'triaged', 'in-progress', 'onleave')
                   WHEN 'ServiceRequest' THEN resource->>'status' IN ('draft', 'active', 'on-hold') END AS open,
                 CASE fhir_type
                   WHEN 'ServiceRequest' THEN coalesce(resource->'occurrencePeriod'->>'end', resource->>'occurrenceDateTime', resource->>'authoredOn')
                   ELSE coalesce(resource->'period'->>'end', resource->'period'->>'start') END AS ended,
                 resource->>'status' IN ('cancelled', 'entered-in-error', 'revoked') AS void) k
   WHERE k.kind IS NOT NULL AND NOT k.void
$$;

INSERT INTO access.care_record (record_id, identity_id, source_id, kind, ends)
SELECT r.id, r.identity_id, r.source_id, c.kind, c.ends
  FROM record.source_record r CROSS JOIN LATERAL access.care_of(r.fhir_type, r.resource, r.received_at) c
 WHERE r.current AND NOT r.deleted AND r.identity_id IS NOT NULL AND r.fhir_type IN ('EpisodeOfCare', 'Encounter', 'ServiceRequest');

-- Kept in step with the record by the database, whichever way a record arrives (import or FHIR API):
-- a new current version adds its row; a version that stops being current takes its row away.
CREATE FUNCTION access.care_records_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO access.care_record (record_id, identity_id, source_id, kind, ends)
  SELECT n.id, n.identity_id, n.source_id, c.kind, c.ends
    FROM added n CROSS JOIN LATERAL access.care_of(n.fhir_type, n.resource, n.received_at) c
   WHERE n.current AND NOT n.deleted AND n.identity_id IS NOT NULL AND n.fhir_type IN ('EpisodeOfCare', 'Encounter', 'ServiceRequest')
  ON CONFLICT (record_id) DO NOTHING;
  RETURN NULL;
END
$$;
CREATE FUNCTION access.care_records_superseded() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM access.care_record c USING changed n WHERE c.record_id = n.id AND NOT n.current;
  RETURN NULL;
END
$$;
CREATE TRIGGER care_records_added AFTER INSERT ON record.source_record REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION access.care_records_added();
CREATE TRIGGER care_records_superseded AFTER UPDATE ON record.source_record REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION access.care_records_superseded();

-- Relationships someone recorded. Each belongs to the person through one of their identities, so
-- it follows linkage and merges as the records do.
CREATE TABLE access.relationship (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  identity_id bigint NOT NULL REFERENCES people.identity (id),
  kind text NOT NULL CHECK (kind IN ('care-team', 'carer', 'break-glass')),
  -- Who it lets see the record: an organisation's staff (care team) or one account (carer, break-glass, a named team member).
  organisation_id text REFERENCES access.organisation (id),
  account_id bigint REFERENCES access.account (id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  starts timestamptz NOT NULL DEFAULT now(),
  ends timestamptz,
  created_by bigint REFERENCES access.account (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  ended_by bigint REFERENCES access.account (id),
  ended_at timestamptz,
  -- Break-glass only: the information-governance review.
  reviewed_by bigint REFERENCES access.account (id),
  reviewed_at timestamptz,
  review_outcome text CHECK (review_outcome IN ('appropriate', 'inappropriate')),
  review_note text,
  CHECK ((organisation_id IS NULL) <> (account_id IS NULL)),
  CHECK (kind <> 'break-glass' OR (account_id IS NOT NULL AND ends IS NOT NULL)),
  CHECK ((review_outcome IS NULL) = (reviewed_at IS NULL))
);
CREATE INDEX relationship_identity ON access.relationship (identity_id);
CREATE INDEX relationship_account ON access.relationship (account_id) WHERE account_id IS NOT NULL;
CREATE INDEX relationship_break_glass_review ON access.relationship (created_at) WHERE kind = 'break-glass' AND reviewed_at IS NULL;
