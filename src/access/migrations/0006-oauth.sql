-- OAuth 2.0 for the API: registered clients (systems with client credentials, apps with the
-- authorization code flow), the installation's token signing keys, and authorization codes.
-- Client secrets and codes are kept only as SHA-256 hashes, so that a copy of the database gives
-- no one a working secret or code.

CREATE TABLE access.client (
  -- A slug of the name: what the client sends as client_id. It starts with a letter, so that it is
  -- never taken for an account id (a token's subject is one or the other).
  id text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9-]{1,63}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- 'system': client credentials, acting as itself; 'app': authorization code with PKCE, acting for a person.
  kind text NOT NULL CHECK (kind IN ('system', 'app')),
  -- SHA-256 (hex) of the secret; null for a public app (it proves itself with PKCE alone).
  secret_hash text CHECK (secret_hash IS NULL OR secret_hash ~ '^[0-9a-f]{64}$'),
  -- The SMART scopes it may be given, space-separated, as written by the scopes module.
  scopes text NOT NULL,
  redirect_uris text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz,
  CHECK (kind = 'app' OR secret_hash IS NOT NULL),
  CHECK (kind = 'system' OR cardinality(redirect_uris) > 0)
);

CREATE TABLE access.signing_key (
  -- The JWT header's kid.
  kid text PRIMARY KEY,
  algorithm text NOT NULL CHECK (algorithm = 'ES256'),
  public_jwk jsonb NOT NULL,
  private_jwk jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- A retired key signs nothing new; it still verifies tokens it signed until they expire.
  retired_at timestamptz
);
-- One key signs at a time: processes starting together agree on it.
CREATE UNIQUE INDEX signing_key_one_current ON access.signing_key ((retired_at IS NULL)) WHERE retired_at IS NULL;

CREATE TABLE access.authorization_code (
  code_hash text PRIMARY KEY CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  client_id text NOT NULL REFERENCES access.client (id),
  account_id bigint NOT NULL REFERENCES access.account (id),
  redirect_uri text NOT NULL,
  scopes text NOT NULL,
  -- PKCE (RFC 7636): BASE64URL(SHA-256(code_verifier)); S256 is the only method.
  code_challenge text NOT NULL CHECK (code_challenge ~ '^[A-Za-z0-9_-]{43}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  -- Set when the code is exchanged: a code works once.
  used_at timestamptz
);
CREATE INDEX authorization_code_expires ON access.authorization_code (expires_at);
