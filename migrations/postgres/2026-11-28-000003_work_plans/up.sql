-- Work plans, tasks, milestones, units' implementation items, progress reports and
-- supervision notices.

CREATE TABLE plans (
    id              TEXT PRIMARY KEY,
    year            INTEGER NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT,
    status          TEXT NOT NULL CHECK (status IN ('draft', 'active', 'closed')),
    template_key    TEXT UNIQUE,
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX plans_updated_at ON plans (updated_at, id);

CREATE TABLE tasks (
    id                  TEXT PRIMARY KEY,
    plan_id             TEXT NOT NULL REFERENCES plans (id),
    number              INTEGER NOT NULL,
    title               TEXT NOT NULL,
    description         TEXT,
    goals               TEXT,
    -- Unit kinds every active unit of which is responsible (comma-separated).
    responsible_kinds   TEXT NOT NULL,
    version             BIGINT NOT NULL DEFAULT 1,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    UNIQUE (plan_id, number)
);
CREATE INDEX tasks_updated_at ON tasks (updated_at, id);

-- Named units of a task: its lead units and named responsible units.
CREATE TABLE task_units (
    task_id     TEXT NOT NULL REFERENCES tasks (id),
    unit_id     TEXT NOT NULL REFERENCES units (id),
    role        TEXT NOT NULL CHECK (role IN ('lead', 'responsible')),
    PRIMARY KEY (task_id, unit_id, role)
);
CREATE INDEX task_units_unit_id ON task_units (unit_id);

CREATE TABLE milestones (
    id              TEXT PRIMARY KEY,
    task_id         TEXT NOT NULL REFERENCES tasks (id),
    title           TEXT NOT NULL,
    due_date        DATE NOT NULL,
    owner_kinds     TEXT NOT NULL,
    deliverable     TEXT,
    template_key    TEXT,
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (task_id, template_key)
);
CREATE INDEX milestones_task_id ON milestones (task_id, due_date);
CREATE INDEX milestones_updated_at ON milestones (updated_at, id);

CREATE TABLE milestone_owners (
    milestone_id    TEXT NOT NULL REFERENCES milestones (id),
    unit_id         TEXT NOT NULL REFERENCES units (id),
    PRIMARY KEY (milestone_id, unit_id)
);
CREATE INDEX milestone_owners_unit_id ON milestone_owners (unit_id);

CREATE TABLE implementation_items (
    id              TEXT PRIMARY KEY,
    task_id         TEXT NOT NULL REFERENCES tasks (id),
    unit_id         TEXT NOT NULL REFERENCES units (id),
    kind            TEXT NOT NULL CHECK (kind IN ('required', 'self_chosen')),
    title           TEXT NOT NULL,
    description     TEXT,
    due_date        DATE NOT NULL,
    completed_on    DATE,
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX implementation_items_task_unit ON implementation_items (task_id, unit_id);
CREATE INDEX implementation_items_updated_at ON implementation_items (updated_at, id);

CREATE TABLE progress_reports (
    id                  TEXT PRIMARY KEY,
    plan_id             TEXT NOT NULL REFERENCES plans (id),
    task_id             TEXT NOT NULL REFERENCES tasks (id),
    milestone_id        TEXT REFERENCES milestones (id),
    unit_id             TEXT NOT NULL REFERENCES units (id),
    period              TEXT NOT NULL,
    narrative           TEXT NOT NULL,
    percent_complete    INTEGER NOT NULL CHECK (percent_complete BETWEEN 0 AND 100),
    evidence_links      TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('submitted', 'acknowledged', 'returned')),
    review_comment      TEXT,
    submitted_at        TIMESTAMP NOT NULL,
    submitted_by        TEXT NOT NULL,
    reviewed_at         TIMESTAMP,
    reviewed_by         TEXT,
    times_returned      INTEGER NOT NULL DEFAULT 0,
    version             BIGINT NOT NULL DEFAULT 1,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
CREATE INDEX progress_reports_plan ON progress_reports (plan_id, task_id, unit_id);
CREATE INDEX progress_reports_milestone ON progress_reports (milestone_id, unit_id);
CREATE INDEX progress_reports_unit_status ON progress_reports (unit_id, status);
CREATE INDEX progress_reports_updated_at ON progress_reports (updated_at, id);

-- The life of each report (submitted, returned, resubmitted, acknowledged), for timelines.
CREATE TABLE progress_report_events (
    id              TEXT PRIMARY KEY,
    report_id       TEXT NOT NULL REFERENCES progress_reports (id),
    action          TEXT NOT NULL,
    comment         TEXT,
    actor_user_id   TEXT,
    actor_name      TEXT,
    at              TIMESTAMP NOT NULL
);
CREATE INDEX progress_report_events_report ON progress_report_events (report_id, at);

CREATE TABLE supervision_notices (
    id                  TEXT PRIMARY KEY,
    plan_id             TEXT NOT NULL REFERENCES plans (id),
    task_id             TEXT NOT NULL REFERENCES tasks (id),
    milestone_id        TEXT REFERENCES milestones (id),
    item_id             TEXT REFERENCES implementation_items (id),
    unit_id             TEXT NOT NULL REFERENCES units (id),
    issued_by_unit_id   TEXT NOT NULL REFERENCES units (id),
    issued_by_user_id   TEXT,
    subject             TEXT NOT NULL,
    body                TEXT NOT NULL,
    reply_deadline      DATE NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('issued', 'replied', 'closed')),
    reply               TEXT,
    replied_at          TIMESTAMP,
    replied_by          TEXT,
    closed_at           TIMESTAMP,
    version             BIGINT NOT NULL DEFAULT 1,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
CREATE INDEX supervision_notices_unit ON supervision_notices (unit_id, status);
CREATE INDEX supervision_notices_plan ON supervision_notices (plan_id, task_id);
CREATE INDEX supervision_notices_updated_at ON supervision_notices (updated_at, id);
