-- A tamper-evident audit trail: each entry carries its place in the trail (seq, 1, 2, 3 … with no
-- gaps) and a SHA-256 hash of its contents chained to the hash of the entry before, so that an entry
-- changed or removed by someone who got round the append-only rule breaks the chain where it was.
-- The head row holds the last seq and hash, so that entries cut off the end are noticed too.
-- The text that is hashed (audit.ts builds the same text):
--   previous hash | seq | at in microseconds since 1970 | each text field as UTF-8 hex ('-' if null) | outcome
CREATE FUNCTION access.audit_hash(previous text, seq bigint, at timestamptz, actor text, action text, resource_type text, resource_id text,
                                  outcome integer, reason text, request_id text, detail text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT encode(sha256(convert_to(concat_ws('|', previous, seq::text, ((extract(epoch FROM at) * 1000000)::bigint)::text,
    coalesce(encode(convert_to(actor, 'UTF8'), 'hex'), '-'), coalesce(encode(convert_to(action, 'UTF8'), 'hex'), '-'),
    coalesce(encode(convert_to(resource_type, 'UTF8'), 'hex'), '-'), coalesce(encode(convert_to(resource_id, 'UTF8'), 'hex'), '-'),
    outcome::text, coalesce(encode(convert_to(reason, 'UTF8'), 'hex'), '-'), coalesce(encode(convert_to(request_id, 'UTF8'), 'hex'), '-'),
    coalesce(encode(convert_to(detail, 'UTF8'), 'hex'), '-')), 'UTF8')), 'hex')
$$;

ALTER TABLE access.audit_event ADD COLUMN seq bigint;
ALTER TABLE access.audit_event ADD COLUMN hash text;

CREATE TABLE access.audit_head (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  seq bigint NOT NULL,
  hash text NOT NULL
);

-- Entries written before the chain existed are chained now, in the order they were written.
ALTER TABLE access.audit_event DISABLE TRIGGER audit_event_append_only;
DO $$
DECLARE
  previous text := repeat('0', 64);
  n bigint := 0;
  e record;
BEGIN
  FOR e IN SELECT * FROM access.audit_event ORDER BY id LOOP
    n := n + 1;
    previous := access.audit_hash(previous, n, e.at, e.actor, e.action, e.resource_type, e.resource_id, e.outcome, e.reason, e.request_id, e.detail);
    UPDATE access.audit_event SET seq = n, hash = previous WHERE id = e.id;
  END LOOP;
  INSERT INTO access.audit_head (seq, hash) VALUES (n, previous);
END
$$;
ALTER TABLE access.audit_event ENABLE TRIGGER audit_event_append_only;

ALTER TABLE access.audit_event ALTER COLUMN seq SET NOT NULL;
ALTER TABLE access.audit_event ALTER COLUMN hash SET NOT NULL;
ALTER TABLE access.audit_event ADD CONSTRAINT audit_event_seq UNIQUE (seq);

-- TRUNCATE bypasses row triggers; refuse it too. The head moves only forward.
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON access.audit_event FOR EACH STATEMENT EXECUTE FUNCTION access.refuse_change();
CREATE FUNCTION access.head_only_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' OR NEW.seq < OLD.seq THEN
    RAISE EXCEPTION 'the audit trail''s head only moves forward: % is not allowed', TG_OP USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_head_forward BEFORE UPDATE OR DELETE ON access.audit_head FOR EACH ROW EXECUTE FUNCTION access.head_only_forward();
