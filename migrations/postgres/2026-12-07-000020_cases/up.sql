-- Typical cases and their quarterly bulletins (以案释法), the outcomes of challenged
-- decisions (reconsideration, litigation) and the veto events they raise.

CREATE TABLE case_submissions (
    id                          TEXT PRIMARY KEY,
    unit_id                     TEXT NOT NULL REFERENCES units (id),
    quarter                     TEXT NOT NULL,
    title                       TEXT NOT NULL,
    -- The private text as JSON (CaseText), the links and the persons to mask.
    text_json                   TEXT NOT NULL,
    power_item_ids              TEXT NOT NULL,
    disclosure_record_ids       TEXT NOT NULL,
    persons                     TEXT NOT NULL,
    status                      TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'accepted', 'selected', 'withdrawn')),
    review_comment              TEXT,
    submitted_at                TIMESTAMP,
    reviewed_by_name            TEXT,
    reviewed_at                 TIMESTAMP,
    -- The masked text the reviewer confirmed (CaseText as JSON): what is published.
    published_text              TEXT,
    bulletin_id                 TEXT,
    created_by                  TEXT NOT NULL,
    version                     BIGINT NOT NULL DEFAULT 1,
    created_at                  TIMESTAMP NOT NULL,
    updated_at                  TIMESTAMP NOT NULL
);
CREATE INDEX case_submissions_unit_quarter ON case_submissions (unit_id, quarter);
CREATE INDEX case_submissions_quarter ON case_submissions (quarter, status);
CREATE INDEX case_submissions_updated ON case_submissions (updated_at, id);

-- The quota of typical cases per unit and quarter, per year (absent: 1–2).
CREATE TABLE case_quotas (
    year            INTEGER PRIMARY KEY,
    min_per_quarter INTEGER NOT NULL,
    max_per_quarter INTEGER NOT NULL,
    version         BIGINT NOT NULL DEFAULT 1,
    updated_at      TIMESTAMP NOT NULL
);

CREATE TABLE case_bulletins (
    id                TEXT PRIMARY KEY,
    year              INTEGER NOT NULL,
    issue_no          INTEGER NOT NULL,
    quarter           TEXT NOT NULL,
    title             TEXT NOT NULL,
    preface           TEXT NOT NULL,
    -- The ordered items as JSON ([{case_id, commentary}]).
    items             TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    corrects_id       TEXT REFERENCES case_bulletins (id),
    correction_reason TEXT,
    corrected_by_id   TEXT REFERENCES case_bulletins (id),
    published_at      TIMESTAMP,
    published_by_name TEXT,
    created_by        TEXT NOT NULL,
    version           BIGINT NOT NULL DEFAULT 1,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX case_bulletins_number ON case_bulletins (year, issue_no);
CREATE INDEX case_bulletins_published ON case_bulletins (status, published_at);
CREATE INDEX case_bulletins_updated ON case_bulletins (updated_at, id);

CREATE TABLE case_outcomes (
    id                   TEXT PRIMARY KEY,
    unit_id              TEXT NOT NULL REFERENCES units (id),
    disclosure_record_id TEXT REFERENCES disclosure_records (id),
    document_number      TEXT NOT NULL,
    kind                 TEXT NOT NULL CHECK (kind IN ('reconsideration', 'litigation')),
    instance             TEXT CHECK (instance IN ('first', 'second', 'retrial')),
    body                 TEXT NOT NULL,
    filed_on             DATE NOT NULL,
    result               TEXT CHECK (result IN ('upheld', 'revoked', 'altered', 'confirmed_illegal', 'ordered_to_perform', 'dismissed', 'withdrawn', 'mediated')),
    decided_on           DATE,
    note                 TEXT NOT NULL,
    external_id          TEXT,
    created_by           TEXT NOT NULL,
    version              BIGINT NOT NULL DEFAULT 1,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX case_outcomes_external ON case_outcomes (external_id) WHERE external_id IS NOT NULL;
CREATE INDEX case_outcomes_unit ON case_outcomes (unit_id, filed_on);
CREATE INDEX case_outcomes_record ON case_outcomes (disclosure_record_id);
CREATE INDEX case_outcomes_updated ON case_outcomes (updated_at, id);

-- One veto event per outcome that raised it (the unique index makes "once" hold).
CREATE TABLE veto_events (
    id              TEXT PRIMARY KEY,
    unit_id         TEXT NOT NULL REFERENCES units (id),
    year            INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('reconsideration_revoked', 'litigation_lost')),
    outcome_id      TEXT NOT NULL REFERENCES case_outcomes (id),
    document_number TEXT NOT NULL,
    occurred_on     DATE NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX veto_events_outcome ON veto_events (outcome_id);
CREATE INDEX veto_events_unit_year ON veto_events (unit_id, year);
CREATE INDEX veto_events_updated ON veto_events (updated_at, id);

-- A published decision revoked, altered or found illegal on review says so publicly.
ALTER TABLE disclosure_records ADD COLUMN overturned_on DATE;
ALTER TABLE disclosure_records ADD COLUMN overturned_note TEXT;
