-- Assessment: scoring rules as versioned data, case-file reviews scored against them,
-- assessment runs (every unit's score for a period, with its inputs and trace) and the
-- monthly notices drafted from a run.

CREATE TABLE rule_sets (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('case_review', 'unit_assessment', 'demonstration')),
    version_no     INTEGER NOT NULL,
    name           TEXT NOT NULL,
    effective_from DATE NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('draft', 'active', 'retired')),
    -- Sections, items and bands as JSON (RuleSetContent without kind, name, date).
    document       TEXT NOT NULL,
    based_on_id    TEXT REFERENCES rule_sets (id),
    created_by     TEXT NOT NULL,
    version        BIGINT NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX rule_sets_number ON rule_sets (kind, version_no);
CREATE INDEX rule_sets_updated ON rule_sets (updated_at, id);

CREATE TABLE case_reviews (
    id                   TEXT PRIMARY KEY,
    unit_id              TEXT NOT NULL REFERENCES units (id),
    disclosure_record_id TEXT REFERENCES disclosure_records (id),
    file_title           TEXT NOT NULL,
    file_number          TEXT NOT NULL,
    round                TEXT NOT NULL,
    reviewer_id          TEXT NOT NULL REFERENCES users (id),
    reviewer_unit_id     TEXT NOT NULL REFERENCES units (id),
    rule_set_id          TEXT NOT NULL REFERENCES rule_sets (id),
    status               TEXT NOT NULL CHECK (status IN ('open', 'submitted')),
    -- The findings as JSON ([Finding]) and the computed result (Scored).
    findings             TEXT NOT NULL,
    comment              TEXT NOT NULL,
    score_tenths         BIGINT NOT NULL,
    grade                TEXT NOT NULL CHECK (grade IN ('excellent', 'good', 'pass', 'fail')),
    result               TEXT NOT NULL,
    reviewed_on          DATE,
    created_by           TEXT NOT NULL,
    version              BIGINT NOT NULL DEFAULT 1,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);
CREATE INDEX case_reviews_unit ON case_reviews (unit_id, reviewed_on);
CREATE INDEX case_reviews_reviewer ON case_reviews (reviewer_id, status);
CREATE INDEX case_reviews_updated ON case_reviews (updated_at, id);

CREATE TABLE assessment_runs (
    id           TEXT PRIMARY KEY,
    period       TEXT NOT NULL,
    period_start DATE NOT NULL,
    period_end   DATE NOT NULL,
    rule_set_id  TEXT NOT NULL REFERENCES rule_sets (id),
    -- Every unit's result as JSON ([UnitResult]): inputs, score, grade, trace.
    results      TEXT NOT NULL,
    units        INTEGER NOT NULL,
    run_by_name  TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX assessment_runs_period ON assessment_runs (period, created_at);
CREATE INDEX assessment_runs_updated ON assessment_runs (updated_at, id);

CREATE TABLE assessment_notices (
    id               TEXT PRIMARY KEY,
    run_id           TEXT NOT NULL REFERENCES assessment_runs (id),
    period           TEXT NOT NULL,
    doc_year         INTEGER,
    doc_serial       INTEGER,
    title            TEXT NOT NULL,
    body             TEXT NOT NULL,
    problems         TEXT NOT NULL,
    -- The ranking table as JSON ([NoticeRow]), fixed when drafted.
    rows_json        TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'published')),
    drafted_by_name  TEXT NOT NULL,
    approved_by_name TEXT,
    approved_at      TIMESTAMP,
    published_at     TIMESTAMP,
    created_by       TEXT NOT NULL,
    version          BIGINT NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX assessment_notices_number ON assessment_notices (doc_year, doc_serial);
CREATE INDEX assessment_notices_updated ON assessment_notices (updated_at, id);

-- A unit already losing points this month is told: a new kind of notification.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (
    'report_returned', 'notice_received', 'review_waiting', 'deadline_soon',
    'deadline_passed', 'quiz_open', 'assessment_warning'));
