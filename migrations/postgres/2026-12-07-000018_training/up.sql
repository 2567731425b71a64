-- Training: events with their sessions, enrolments (with a waitlist), attendance per
-- session, and the yearly requirement of credit hours.

CREATE TABLE training_events (
    id                TEXT PRIMARY KEY,
    organiser_unit_id TEXT NOT NULL REFERENCES units (id),
    category          TEXT NOT NULL CHECK (category IN ('business', 'rotation', 'online', 'other')),
    title             TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('draft', 'published', 'cancelled')),
    enrol_opens_at    TIMESTAMP NOT NULL,
    enrol_closes_at   TIMESTAMP NOT NULL,
    capacity          INTEGER,
    milestone_id      TEXT REFERENCES milestones (id),
    content           TEXT NOT NULL,
    cancel_reason     TEXT,
    published_at      TIMESTAMP,
    created_by        TEXT NOT NULL,
    version           BIGINT NOT NULL DEFAULT 1,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX training_events_updated ON training_events (updated_at, id);
CREATE INDEX training_events_created ON training_events (created_at DESC, id DESC);
CREATE INDEX training_events_organiser ON training_events (organiser_unit_id, created_at DESC, id DESC);

CREATE TABLE training_sessions (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES training_events (id),
    title           TEXT NOT NULL,
    starts_at       TIMESTAMP NOT NULL,
    ends_at         TIMESTAMP NOT NULL,
    place           TEXT NOT NULL,
    online          BOOLEAN NOT NULL DEFAULT FALSE,
    -- 学时 in tenths.
    credit_tenths   INTEGER NOT NULL,
    -- The key of the rotating check-in codes (never leaves the server).
    check_in_secret TEXT NOT NULL,
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX training_sessions_event ON training_sessions (event_id, starts_at);
CREATE INDEX training_sessions_updated ON training_sessions (updated_at, id);

CREATE TABLE training_enrolments (
    id                TEXT PRIMARY KEY,
    event_id          TEXT NOT NULL REFERENCES training_events (id),
    user_id           TEXT NOT NULL REFERENCES users (id),
    unit_id           TEXT NOT NULL REFERENCES units (id),
    status            TEXT NOT NULL CHECK (status IN ('enrolled', 'waitlisted', 'withdrawn')),
    -- The waitlist's order: when the person joined the line.
    queued_at         TIMESTAMP NOT NULL,
    nominated_by_name TEXT NOT NULL,
    version           BIGINT NOT NULL DEFAULT 1,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX training_enrolments_person ON training_enrolments (event_id, user_id);
CREATE INDEX training_enrolments_line ON training_enrolments (event_id, status, queued_at);
CREATE INDEX training_enrolments_user ON training_enrolments (user_id);
CREATE INDEX training_enrolments_updated ON training_enrolments (updated_at, id);

CREATE TABLE training_attendance (
    session_id     TEXT NOT NULL REFERENCES training_sessions (id),
    user_id        TEXT NOT NULL REFERENCES users (id),
    status         TEXT NOT NULL CHECK (status IN ('present', 'late', 'excused', 'absent')),
    method         TEXT NOT NULL CHECK (method IN ('roster', 'check_in')),
    remark         TEXT,
    marked_by_name TEXT NOT NULL,
    marked_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX training_attendance_user ON training_attendance (user_id);

CREATE TABLE training_requirements (
    year         INTEGER PRIMARY KEY,
    hours_tenths INTEGER NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
