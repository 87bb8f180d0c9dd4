-- Idempotency-Key for ingest: the first request with a key claims it (response still null while
-- it runs); its response is kept with the SHA-256 of the request it answered, and replayed for
-- the same request until the key expires (24 hours after the claim).
CREATE TABLE idempotency_keys (
    org_id        uuid NOT NULL REFERENCES organizations (id),
    key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    request_hash  text CHECK (request_hash ~ '^[0-9a-f]{64}$'),
    status_code   integer,
    content_type  text,
    response_body text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    PRIMARY KEY (org_id, key)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO cxrox_app;

ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY organization_isolation ON idempotency_keys
    USING (org_id = nullif(current_setting('cxrox.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('cxrox.org_id', true), '')::uuid);
