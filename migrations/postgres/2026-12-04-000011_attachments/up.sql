-- Files attached to records (evidence of progress reports, later case files, application
-- materials…). The bytes live in object storage under `storage_key` (content-addressed
-- by SHA-256); a row is never deleted: a withdrawn attachment keeps its row, its bytes
-- and its place in the audit trail.
CREATE TABLE attachments (
    id TEXT PRIMARY KEY NOT NULL,
    -- The owning record: its resource type (`progress_report`, …) and id.
    owner_type TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    -- The owning record's unit, whose scope decides who may download the file.
    unit_id TEXT NOT NULL REFERENCES units (id),
    file_name TEXT NOT NULL,
    -- Sniffed from the bytes, never taken from the client.
    media_type TEXT NOT NULL,
    byte_size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    status TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_by_name TEXT NOT NULL,
    withdrawn_at TIMESTAMP,
    withdrawn_by_name TEXT,
    withdrawal_reason TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE INDEX attachments_by_owner ON attachments (owner_type, owner_id, created_at);
