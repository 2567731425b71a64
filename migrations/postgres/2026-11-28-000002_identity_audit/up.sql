-- Identity, sessions, service accounts, login throttling, idempotency, audit trail.

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    login           TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    unit_id         TEXT NOT NULL REFERENCES units (id),
    -- Role codes, comma-separated and comma-enclosed (",county,officer,") so that one
    -- LIKE '%,role,%' finds holders of a role.
    roles           TEXT NOT NULL,
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    password_hash   TEXT NOT NULL,
    -- Bumped to invalidate every access token of the user at once.
    token_version   BIGINT NOT NULL DEFAULT 1,
    last_login_at   TIMESTAMP,
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX users_unit_id ON users (unit_id);
CREATE INDEX users_updated_at ON users (updated_at, id);

-- A sign-in: one family of rotating refresh tokens. Access tokens name their session,
-- so ending a session ends its access tokens on their next use.
CREATE TABLE sessions (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL,
    revoked_at      TIMESTAMP,
    revoked_reason  TEXT,
    client_addr     TEXT,
    user_agent      TEXT
);
CREATE INDEX sessions_user_id ON sessions (user_id);

CREATE TABLE refresh_tokens (
    id              TEXT PRIMARY KEY,
    session_id      TEXT NOT NULL REFERENCES sessions (id),
    -- SHA-256 of the opaque token; the token itself is never stored.
    token_hash      TEXT NOT NULL UNIQUE,
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL,
    used_at         TIMESTAMP
);
CREATE INDEX refresh_tokens_session_id ON refresh_tokens (session_id);

CREATE TABLE service_accounts (
    id                  TEXT PRIMARY KEY,
    client_id           TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    description         TEXT,
    unit_id             TEXT NOT NULL REFERENCES units (id),
    grants              TEXT NOT NULL,
    active              BOOLEAN NOT NULL DEFAULT TRUE,
    secret_hash         TEXT NOT NULL,
    secret_rotated_at   TIMESTAMP NOT NULL,
    token_version       BIGINT NOT NULL DEFAULT 1,
    last_used_at        TIMESTAMP,
    version             BIGINT NOT NULL DEFAULT 1,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
CREATE INDEX service_accounts_updated_at ON service_accounts (updated_at, id);

-- Failed sign-ins per account name and per client address, for growing delays.
CREATE TABLE login_throttle (
    throttle_key    TEXT PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failure_at TIMESTAMP NOT NULL,
    blocked_until   TIMESTAMP
);

-- First responses of POSTs sent with an Idempotency-Key, replayed on retries.
CREATE TABLE idempotency_keys (
    principal_id    TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    status          INTEGER NOT NULL,
    response_body   TEXT NOT NULL,
    location        TEXT,
    etag            TEXT,
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (principal_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);

-- Server-wide secrets shared by every process on this database (the JWT signing key,
-- the hash of the one-time bootstrap token).
CREATE TABLE server_secrets (
    name            TEXT PRIMARY KEY,
    value           TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);

-- The audit trail: append-only, each row chained to the previous by SHA-256.
CREATE TABLE audit_events (
    id                          BIGINT PRIMARY KEY,
    occurred_at                 TIMESTAMP NOT NULL,
    actor_user_id               TEXT,
    actor_service_account_id    TEXT,
    actor_unit_id               TEXT,
    actor_roles                 TEXT NOT NULL,
    action                      TEXT NOT NULL,
    resource_type               TEXT NOT NULL,
    resource_id                 TEXT NOT NULL,
    request_id                  TEXT,
    client_addr                 TEXT,
    before_json                 TEXT,
    after_json                  TEXT,
    prev_hash                   TEXT NOT NULL,
    hash                        TEXT NOT NULL
);
CREATE INDEX audit_events_resource ON audit_events (resource_type, resource_id);
CREATE INDEX audit_events_actor ON audit_events (actor_user_id);
CREATE INDEX audit_events_occurred_at ON audit_events (occurred_at);

-- The head of the chain. Every writer updates this one row first, which serialises
-- appends across processes (a row lock on PostgreSQL, the write lock on SQLite).
CREATE TABLE audit_head (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    last_id     BIGINT NOT NULL,
    last_hash   TEXT NOT NULL
);
INSERT INTO audit_head (id, last_id, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
