-- SMART standalone launch with a patient context: the person an app is approved for, kept with the
-- authorization code until the app exchanges it (the token then carries it, and reaches no one else).
ALTER TABLE access.authorization_code ADD COLUMN person_id bigint REFERENCES people.person (id);
