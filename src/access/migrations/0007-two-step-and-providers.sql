-- Two more ways of signing in beside a password: two-step verification with a time-based code
-- (RFC 6238) on a staff account, and sign-in through an external OpenID Connect identity provider
-- (NHS CIS2, a council's own), with the providers kept as data and each person's provider identity
-- (issuer's subject) linked to their account.

-- The authenticator secret (base32) once two-step verification is on, the one being set up until its
-- first code confirms it, and the last time step a code was accepted for, so that no code counts twice.
ALTER TABLE access.account
  ADD COLUMN two_step_secret text,
  ADD COLUMN two_step_pending_secret text,
  ADD COLUMN two_step_enabled_at timestamptz,
  ADD COLUMN two_step_last_step bigint;

-- A provider's claim may be an email address, so a username may be one too.
ALTER TABLE access.account DROP CONSTRAINT account_username_check;
ALTER TABLE access.account ADD CONSTRAINT account_username_check CHECK (username ~ '^[a-z0-9][a-z0-9._@+-]{1,127}$');

CREATE TABLE access.identity_provider (
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  issuer text NOT NULL CHECK (issuer ~ '^https?://'),
  client_id text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 500),
  -- Sent to the provider's token endpoint; null for a public client.
  client_secret text,
  scopes text NOT NULL DEFAULT 'openid profile email' CHECK (scopes ~ '(^| )openid( |$)'),
  -- The ID token claim whose value is an account's username (when no link exists yet).
  username_claim text NOT NULL DEFAULT 'preferred_username' CHECK (username_claim ~ '^[A-Za-z0-9_:.-]{1,100}$'),
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Who a provider's subject is here: made at the first sign-in (by the username claim), used after.
CREATE TABLE access.provider_link (
  provider_id text NOT NULL REFERENCES access.identity_provider (id),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
  account_id bigint NOT NULL REFERENCES access.account (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider_id, subject)
);
CREATE INDEX provider_link_account ON access.provider_link (account_id);

-- A sign-in on its way through a provider: kept by the SHA-256 of its state (the browser holds the
-- state itself in an HTTP-only cookie), with the PKCE verifier and nonce; used once, within minutes.
CREATE TABLE access.provider_sign_in (
  state_hash text PRIMARY KEY CHECK (state_hash ~ '^[0-9a-f]{64}$'),
  provider_id text NOT NULL REFERENCES access.identity_provider (id),
  code_verifier text NOT NULL,
  nonce text NOT NULL,
  return_path text NOT NULL DEFAULT '/',
  expires_at timestamptz NOT NULL
);
