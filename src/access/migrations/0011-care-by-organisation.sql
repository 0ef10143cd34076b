-- The care rule asks "does this reader's organisation hold care for this identity?" for every
-- candidate row of a search: each care record carries the organisation that runs its source, so the
-- question is one index probe. Kept in step when a source changes hands.
ALTER TABLE access.care_record ADD COLUMN organisation_id text REFERENCES access.organisation (id);
UPDATE access.care_record c SET organisation_id = so.organisation_id FROM access.source_organisation so WHERE so.source_id = c.source_id;
CREATE INDEX care_record_identity_organisation ON access.care_record (identity_id, organisation_id, ends);
DROP INDEX access.care_record_identity;

CREATE OR REPLACE FUNCTION access.care_records_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO access.care_record (record_id, identity_id, source_id, organisation_id, kind, ends)
  SELECT n.id, n.identity_id, n.source_id, so.organisation_id, c.kind, c.ends
    FROM added n CROSS JOIN LATERAL access.care_of(n.fhir_type, n.resource, n.received_at) c
    LEFT JOIN access.source_organisation so ON so.source_id = n.source_id
   WHERE n.current AND NOT n.deleted AND n.identity_id IS NOT NULL AND n.fhir_type IN ('EpisodeOfCare', 'Encounter', 'ServiceRequest')
  ON CONFLICT (record_id) DO NOTHING;
  RETURN NULL;
END
$$;

CREATE FUNCTION access.source_changed_hands() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE access.care_record SET organisation_id = NULL WHERE source_id = OLD.source_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE access.care_record SET organisation_id = NEW.organisation_id WHERE source_id = NEW.source_id;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER source_changed_hands AFTER INSERT OR UPDATE OR DELETE ON access.source_organisation
  FOR EACH ROW EXECUTE FUNCTION access.source_changed_hands();
