-- API keys. The secret is shown once at creation; only its SHA-256 is kept (a 190-bit random
-- secret needs no slow hash). Admin keys belong to the platform (org_id NULL); every other
-- role belongs to exactly one organization.
CREATE TABLE api_keys (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id     uuid REFERENCES organizations (id),
    role       text NOT NULL CHECK (role IN ('admin', 'editor', 'ingest', 'reader')),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    prefix     text NOT NULL UNIQUE CHECK (prefix ~ '^[A-Za-z0-9]{8}$'),
    secret_sha256 bytea NOT NULL CHECK (length(secret_sha256) = 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    CHECK ((role = 'admin') = (org_id IS NULL))
);

CREATE INDEX api_keys_org ON api_keys (org_id, created_at);
