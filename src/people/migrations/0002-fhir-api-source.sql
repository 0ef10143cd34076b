-- Systems writing through the FHIR API without saying which source system they are write as this one.
INSERT INTO people.source_system (id, name, kind) VALUES ('fhir', 'FHIR API clients', 'other') ON CONFLICT (id) DO NOTHING;
