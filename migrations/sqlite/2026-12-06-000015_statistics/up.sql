-- Enforcement statistics: report templates as versioned data, the reports county bureaus
-- file per period, and every submitted or corrected state of a report.

CREATE TABLE statistics_templates (
    id              TEXT PRIMARY KEY NOT NULL,
    code            TEXT NOT NULL,
    version_number  INTEGER NOT NULL,
    name            TEXT NOT NULL,
    period_kind     TEXT NOT NULL CHECK (period_kind IN ('month', 'quarter', 'year')),
    effective_from  DATE NOT NULL,
    definition      TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (code, version_number),
    UNIQUE (code, effective_from)
);

CREATE TABLE statistics_reports (
    id                 TEXT PRIMARY KEY NOT NULL,
    unit_id            TEXT NOT NULL REFERENCES units (id),
    template_id        TEXT NOT NULL REFERENCES statistics_templates (id),
    template_code      TEXT NOT NULL,
    period_kind        TEXT NOT NULL CHECK (period_kind IN ('month', 'quarter', 'year')),
    period             TEXT NOT NULL,
    period_start       DATE NOT NULL,
    due_date           DATE NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'accepted')),
    figures            TEXT NOT NULL,
    explanation        TEXT,
    return_comment     TEXT,
    returned_fields    TEXT NOT NULL,
    revision           INTEGER NOT NULL,
    correction_reason  TEXT,
    first_submitted_at TIMESTAMP,
    submitted_at       TIMESTAMP,
    accepted_at        TIMESTAMP,
    reviewed_by        TEXT,
    created_by         TEXT NOT NULL,
    version            BIGINT NOT NULL DEFAULT 1,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    UNIQUE (unit_id, template_code, period)
);
CREATE INDEX statistics_reports_updated ON statistics_reports (updated_at, id);
CREATE INDEX statistics_reports_unit ON statistics_reports (unit_id, period_start DESC, id DESC);
CREATE INDEX statistics_reports_period ON statistics_reports (template_code, period, status);

CREATE TABLE statistics_report_revisions (
    id               TEXT PRIMARY KEY NOT NULL,
    report_id        TEXT NOT NULL REFERENCES statistics_reports (id),
    revision         INTEGER NOT NULL,
    action           TEXT NOT NULL CHECK (action IN ('submitted', 'corrected')),
    figures          TEXT NOT NULL,
    derived          TEXT NOT NULL,
    explanation      TEXT,
    reason           TEXT,
    recorded_by      TEXT,
    recorded_by_name TEXT NOT NULL,
    recorded_at      TIMESTAMP NOT NULL,
    UNIQUE (report_id, revision)
);
