-- Scorecards and their immutable versions. A version keeps the document exactly as it was sent
-- (document, with the SHA-256 of its UTF-8 bytes) beside its parsed form (parsed).
CREATE TABLE scorecards (
    org_id          uuid NOT NULL REFERENCES organizations (id),
    id              text NOT NULL CHECK (length(id) BETWEEN 1 AND 200),
    current_version integer NOT NULL CHECK (current_version >= 1),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    archived_at     timestamptz,
    PRIMARY KEY (org_id, id)
);

CREATE TABLE scorecard_versions (
    org_id       uuid NOT NULL,
    scorecard_id text NOT NULL,
    version      integer NOT NULL CHECK (version >= 1),
    name         text NOT NULL,
    document     text NOT NULL,
    parsed       jsonb NOT NULL,
    content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    warnings     jsonb NOT NULL DEFAULT '[]',
    created_at   timestamptz NOT NULL DEFAULT now(),
    created_by   uuid NOT NULL REFERENCES api_keys (id),
    PRIMARY KEY (org_id, scorecard_id, version),
    FOREIGN KEY (org_id, scorecard_id) REFERENCES scorecards (org_id, id)
);
