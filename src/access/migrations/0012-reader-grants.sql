-- Who may read each person, in one table the person rule probes once per candidate row.
--
-- Every legitimate relationship (relationships.ts) comes down to "this reader may see this person,
-- from a time, until a time": registration at a GP practice, care an organisation's systems hold,
-- a care-team membership, a carer's authority, break-glass, the person's own account. Asked of the
-- tables they live in, the question was five subqueries, and planning them cost more than the
-- search that carried them. The database keeps this table in step with those tables, whichever
-- way they change (imports, the FHIR API, linkage moving an identity to another person, the
-- screens), so it is never the truth on its own: each row names its origin.
--
-- A reader is 'organisation:<id>', 'team:<id>' or 'account:<id>'. Care ends, the day after its last
-- day, at `until`; the access policy's afterlife of care (relationships.ts) is applied by the query,
-- not stored, so a change of policy needs no rewrite.
CREATE TABLE access.reader_grant (
  person_id bigint NOT NULL,
  identity_id bigint NOT NULL REFERENCES people.identity (id) ON DELETE CASCADE,
  reader text NOT NULL,
  origin text NOT NULL CHECK (origin IN ('registration', 'care', 'relationship', 'own')),
  -- The identity (registration, care), relationship or account (own) it comes from.
  origin_id bigint NOT NULL,
  starts timestamptz NOT NULL DEFAULT '-infinity',
  until timestamptz
);
-- By person alone (a person has a few grants; the reader is a filter): a prepared read's generic
-- plan then costs what its custom plans do, and PostgreSQL stops planning it afresh each time.
CREATE INDEX reader_grant_person ON access.reader_grant (person_id) INCLUDE (reader, origin, starts, until);
CREATE INDEX reader_grant_origin ON access.reader_grant (origin, origin_id);
CREATE INDEX reader_grant_identity ON access.reader_grant (identity_id);

-- Registration: an identity whose practice is a GP practice's ODS code.
CREATE FUNCTION access.registration_grants(identities bigint[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM access.reader_grant WHERE origin = 'registration' AND origin_id = ANY(identities);
  INSERT INTO access.reader_grant (person_id, identity_id, reader, origin, origin_id)
  SELECT i.person_id, i.id, 'organisation:' || o.id, 'registration', i.id
    FROM people.identity i JOIN access.organisation o ON o.ods_code = i.practice AND o.kind = 'gp-practice'
   WHERE i.id = ANY(identities);
$$;

CREATE FUNCTION access.identities_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM access.registration_grants(ARRAY(SELECT n.id FROM added n WHERE n.practice IS NOT NULL));
  RETURN NULL;
END
$$;
CREATE TRIGGER reader_grants_identities_added AFTER INSERT ON people.identity REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION access.identities_added();

-- An identity moved to another person (linkage, merge, unmerge) takes its grants with it; a new practice, its registration.
CREATE FUNCTION access.identities_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE access.reader_grant g SET person_id = n.person_id
    FROM after_rows n JOIN before_rows o ON o.id = n.id
   WHERE g.identity_id = n.id AND n.person_id <> o.person_id;
  PERFORM access.registration_grants(ARRAY(
    SELECT n.id FROM after_rows n JOIN before_rows o ON o.id = n.id WHERE n.practice IS DISTINCT FROM o.practice));
  RETURN NULL;
END
$$;
CREATE TRIGGER reader_grants_identities_changed AFTER UPDATE ON people.identity REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION access.identities_changed();

-- A practice's ODS code or kind changes (rare): the registrations of everyone registered at its old code or its new one, again.
CREATE FUNCTION access.organisation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM access.registration_grants(ARRAY(
    SELECT i.id FROM people.identity i WHERE i.practice = NEW.ods_code OR (TG_OP = 'UPDATE' AND i.practice = OLD.ods_code)));
  RETURN NULL;
END
$$;
CREATE TRIGGER reader_grants_organisation AFTER INSERT OR UPDATE OF ods_code, kind ON access.organisation
  FOR EACH ROW EXECUTE FUNCTION access.organisation_changed();

-- Care: one grant per identity and organisation, lasting while any of its care records is open,
-- else until the day after the last one ended; redone for the pairs a change of care records touches.
CREATE FUNCTION access.care_grants(identities bigint[], organisations text[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM access.reader_grant g USING unnest(identities, organisations) AS p (identity_id, organisation_id)
   WHERE g.origin = 'care' AND g.origin_id = p.identity_id AND g.reader = 'organisation:' || p.organisation_id;
  INSERT INTO access.reader_grant (person_id, identity_id, reader, origin, origin_id, until)
  SELECT i.person_id, c.identity_id, 'organisation:' || c.organisation_id, 'care', c.identity_id,
         CASE WHEN bool_or(c.ends IS NULL) THEN NULL ELSE (max(c.ends) + 1)::timestamp AT TIME ZONE 'UTC' END
    FROM access.care_record c JOIN people.identity i ON i.id = c.identity_id
   WHERE (c.identity_id, c.organisation_id) IN (SELECT p.identity_id, p.organisation_id FROM unnest(identities, organisations) AS p (identity_id, organisation_id))
   GROUP BY i.person_id, c.identity_id, c.organisation_id;
$$;
CREATE FUNCTION access.care_records_granted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  identities bigint[];
  organisations text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(identity_id), array_agg(organisation_id) INTO identities, organisations
      FROM (SELECT DISTINCT n.identity_id, n.organisation_id FROM after_rows n WHERE n.organisation_id IS NOT NULL) p;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(identity_id), array_agg(organisation_id) INTO identities, organisations
      FROM (SELECT DISTINCT o.identity_id, o.organisation_id FROM before_rows o WHERE o.organisation_id IS NOT NULL) p;
  ELSE
    SELECT array_agg(identity_id), array_agg(organisation_id) INTO identities, organisations
      FROM (SELECT n.identity_id, n.organisation_id FROM after_rows n WHERE n.organisation_id IS NOT NULL
            UNION SELECT o.identity_id, o.organisation_id FROM before_rows o WHERE o.organisation_id IS NOT NULL) p;
  END IF;
  IF identities IS NOT NULL THEN
    PERFORM access.care_grants(identities, organisations);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER reader_grants_care_added AFTER INSERT ON access.care_record REFERENCING NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION access.care_records_granted();
CREATE TRIGGER reader_grants_care_changed AFTER UPDATE ON access.care_record REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION access.care_records_granted();
CREATE TRIGGER reader_grants_care_removed AFTER DELETE ON access.care_record REFERENCING OLD TABLE AS before_rows
  FOR EACH STATEMENT EXECUTE FUNCTION access.care_records_granted();

-- Recorded relationships (care team, carer, break-glass) while not ended.
CREATE FUNCTION access.relationship_granted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM access.reader_grant WHERE origin = 'relationship' AND origin_id = NEW.id;
  IF NEW.ended_at IS NULL THEN
    INSERT INTO access.reader_grant (person_id, identity_id, reader, origin, origin_id, starts, until)
    SELECT i.person_id, i.id,
           CASE WHEN NEW.organisation_id IS NOT NULL THEN 'organisation:' || NEW.organisation_id
                WHEN NEW.team_id IS NOT NULL THEN 'team:' || NEW.team_id ELSE 'account:' || NEW.account_id END,
           'relationship', NEW.id, NEW.starts, NEW.ends
      FROM people.identity i WHERE i.id = NEW.identity_id;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER reader_grants_relationship AFTER INSERT OR UPDATE ON access.relationship
  FOR EACH ROW EXECUTE FUNCTION access.relationship_granted();

-- The person's own account.
CREATE FUNCTION access.own_account_granted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM access.reader_grant WHERE origin = 'own' AND origin_id = NEW.id;
  INSERT INTO access.reader_grant (person_id, identity_id, reader, origin, origin_id)
  SELECT i.person_id, i.id, 'account:' || NEW.id, 'own', NEW.id FROM people.identity i WHERE i.id = NEW.identity_id;
  RETURN NULL;
END
$$;
CREATE TRIGGER reader_grants_own_account AFTER INSERT OR UPDATE OF identity_id ON access.account
  FOR EACH ROW EXECUTE FUNCTION access.own_account_granted();

-- The same grants worked out afresh from the tables they come from: what the triggers keep, and
-- what tests compare them with.
CREATE VIEW access.reader_grant_derived AS
SELECT i.person_id, i.id AS identity_id, 'organisation:' || o.id AS reader, 'registration' AS origin, i.id AS origin_id, '-infinity'::timestamptz AS starts, NULL::timestamptz AS until
  FROM people.identity i JOIN access.organisation o ON o.ods_code = i.practice AND o.kind = 'gp-practice'
UNION ALL
SELECT i.person_id, c.identity_id, 'organisation:' || c.organisation_id, 'care', c.identity_id, '-infinity',
       CASE WHEN bool_or(c.ends IS NULL) THEN NULL ELSE (max(c.ends) + 1)::timestamp AT TIME ZONE 'UTC' END
  FROM access.care_record c JOIN people.identity i ON i.id = c.identity_id WHERE c.organisation_id IS NOT NULL
 GROUP BY i.person_id, c.identity_id, c.organisation_id
UNION ALL
SELECT i.person_id, i.id,
       CASE WHEN r.organisation_id IS NOT NULL THEN 'organisation:' || r.organisation_id
            WHEN r.team_id IS NOT NULL THEN 'team:' || r.team_id ELSE 'account:' || r.account_id END,
       'relationship', r.id, r.starts, r.ends
  FROM access.relationship r JOIN people.identity i ON i.id = r.identity_id WHERE r.ended_at IS NULL
UNION ALL
SELECT i.person_id, i.id, 'account:' || a.id, 'own', a.id, '-infinity', NULL FROM access.account a JOIN people.identity i ON i.id = a.identity_id;

INSERT INTO access.reader_grant (person_id, identity_id, reader, origin, origin_id, starts, until)
SELECT person_id, identity_id, reader, origin, origin_id, starts, until FROM access.reader_grant_derived;

-- Sensitive records carry the roles that may see them, so that the sensitivity rule is one probe too;
-- a category's roles changing changes its records'.
ALTER TABLE access.record_sensitivity ADD COLUMN roles text[];
UPDATE access.record_sensitivity rs SET roles = sc.roles FROM access.sensitive_category sc WHERE sc.category = rs.category;
ALTER TABLE access.record_sensitivity ALTER COLUMN roles SET NOT NULL;
CREATE OR REPLACE FUNCTION access.record_sensitivity_indexed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO access.record_sensitivity (record_id, category, roles)
  SELECT DISTINCT t.record_id, sc.category, cat.roles
    FROM indexed t JOIN access.sensitive_code sc ON sc.system = t.system AND (t.code = sc.code OR (sc.prefix AND t.code LIKE sc.code || '%'))
    JOIN access.sensitive_category cat ON cat.category = sc.category
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
CREATE FUNCTION access.sensitive_category_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE access.record_sensitivity SET roles = NEW.roles WHERE category = NEW.category;
  RETURN NULL;
END
$$;
CREATE TRIGGER sensitive_category_roles AFTER UPDATE OF roles ON access.sensitive_category
  FOR EACH ROW EXECUTE FUNCTION access.sensitive_category_changed();

-- The person's choices, asked only of a record another organisation holds, and only while some
-- directive is in force anywhere (most installations hold few): a function, so that the searches
-- that carry it plan no part of it.
CREATE FUNCTION access.consent_allows(p_person bigint, p_source text, p_organisation text, p_account bigint) RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM access.source_organisation so WHERE so.source_id = p_source AND so.organisation_id = p_organisation)
      OR NOT EXISTS (SELECT 1 FROM people.identity ci JOIN access.consent_directive cd ON cd.identity_id = ci.id
                      WHERE ci.person_id = p_person AND cd.withdrawn_at IS NULL AND (cd.kind = 'dissent' OR cd.organisation_id = p_organisation))
      OR EXISTS (SELECT 1 FROM access.reader_grant g JOIN access.relationship bg ON bg.id = g.origin_id
                  WHERE g.person_id = p_person AND g.reader = 'account:' || p_account AND g.origin = 'relationship'
                    AND bg.kind = 'break-glass' AND bg.starts <= now() AND bg.ends > now());
END
$$;
