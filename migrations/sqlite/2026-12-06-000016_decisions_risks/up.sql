-- Major administrative decisions (their procedure steps) and the risk assessments of
-- major enforcement activities.

CREATE TABLE major_decisions (
    id              TEXT PRIMARY KEY NOT NULL,
    unit_id         TEXT NOT NULL REFERENCES units (id),
    title           TEXT NOT NULL,
    summary         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('in_procedure', 'decided', 'published')),
    steps           TEXT NOT NULL,
    decided_on      DATE,
    document_number TEXT,
    created_by      TEXT NOT NULL,
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX major_decisions_updated ON major_decisions (updated_at, id);
CREATE INDEX major_decisions_unit ON major_decisions (unit_id, created_at DESC, id DESC);

CREATE TABLE risk_assessments (
    id                 TEXT PRIMARY KEY NOT NULL,
    unit_id            TEXT NOT NULL REFERENCES units (id),
    activity           TEXT NOT NULL,
    activity_date      DATE NOT NULL,
    place              TEXT NOT NULL,
    items              TEXT NOT NULL,
    score              INTEGER NOT NULL,
    level              TEXT NOT NULL CHECK (level IN ('low', 'medium', 'high', 'very_high')),
    status             TEXT NOT NULL CHECK (status IN ('draft', 'signed_off', 'approved')),
    sign_off_opinion   TEXT,
    signed_off_by_name TEXT,
    signed_off_at      TIMESTAMP,
    approval_opinion   TEXT,
    approved_by_name   TEXT,
    approved_at        TIMESTAMP,
    created_by         TEXT NOT NULL,
    version            BIGINT NOT NULL DEFAULT 1,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX risk_assessments_updated ON risk_assessments (updated_at, id);
CREATE INDEX risk_assessments_unit ON risk_assessments (unit_id, activity_date DESC, id DESC);
CREATE INDEX risk_assessments_date ON risk_assessments (activity_date DESC, id DESC);
