-- Contests (with their judges, entries and scores) and in-service degrees.

CREATE TABLE contests (
    id                TEXT PRIMARY KEY,
    organiser_unit_id TEXT NOT NULL REFERENCES units (id),
    kind              TEXT NOT NULL CHECK (kind IN ('competition', 'essay', 'speech', 'skills', 'reasoned_document', 'other')),
    title             TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('draft', 'open', 'judging', 'published', 'cancelled')),
    held_on           DATE NOT NULL,
    entry_opens_at    TIMESTAMP NOT NULL,
    entry_closes_at   TIMESTAMP NOT NULL,
    milestone_id      TEXT REFERENCES milestones (id),
    content           TEXT NOT NULL,
    cancel_reason     TEXT,
    published_at      TIMESTAMP,
    created_by        TEXT NOT NULL,
    version           BIGINT NOT NULL DEFAULT 1,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX contests_updated ON contests (updated_at, id);
CREATE INDEX contests_held ON contests (held_on DESC, id DESC);

CREATE TABLE contest_judges (
    contest_id TEXT NOT NULL REFERENCES contests (id),
    user_id    TEXT NOT NULL REFERENCES users (id),
    -- The judge's unit when appointed: they never score its entries.
    unit_id    TEXT NOT NULL REFERENCES units (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (contest_id, user_id)
);
CREATE INDEX contest_judges_user ON contest_judges (user_id);

CREATE TABLE contest_entries (
    id                   TEXT PRIMARY KEY,
    contest_id           TEXT NOT NULL REFERENCES contests (id),
    unit_id              TEXT NOT NULL REFERENCES units (id),
    entrant_user_id      TEXT REFERENCES users (id),
    title                TEXT NOT NULL,
    summary              TEXT NOT NULL,
    disclosure_record_id TEXT REFERENCES disclosure_records (id),
    status               TEXT NOT NULL CHECK (status IN ('submitted', 'withdrawn')),
    -- The published result (written once, when the results are published).
    result_rank          INTEGER,
    -- The final score in hundredths.
    result_score         INTEGER,
    result_award         TEXT CHECK (result_award IN ('first', 'second', 'third', 'excellence')),
    result_counted       INTEGER,
    created_by           TEXT NOT NULL,
    version              BIGINT NOT NULL DEFAULT 1,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);
CREATE INDEX contest_entries_contest ON contest_entries (contest_id, created_at);
CREATE INDEX contest_entries_entrant ON contest_entries (entrant_user_id);
-- One standing entry per person and contest.
CREATE UNIQUE INDEX contest_entries_one_each ON contest_entries (contest_id, entrant_user_id)
    WHERE status = 'submitted' AND entrant_user_id IS NOT NULL;
CREATE INDEX contest_entries_updated ON contest_entries (updated_at, id);

CREATE TABLE contest_scores (
    entry_id      TEXT NOT NULL REFERENCES contest_entries (id),
    judge_user_id TEXT NOT NULL REFERENCES users (id),
    contest_id    TEXT NOT NULL REFERENCES contests (id),
    -- Points per criterion in tenths, as JSON [[key, tenths], …] in the criteria's order.
    points        TEXT NOT NULL,
    total_tenths  INTEGER NOT NULL,
    comment       TEXT NOT NULL,
    scored_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (entry_id, judge_user_id)
);
CREATE INDEX contest_scores_contest ON contest_scores (contest_id);

CREATE TABLE degrees (
    id                TEXT PRIMARY KEY,
    user_id           TEXT NOT NULL REFERENCES users (id),
    unit_id           TEXT NOT NULL REFERENCES units (id),
    level             TEXT NOT NULL CHECK (level IN ('associate', 'bachelor', 'master', 'doctor')),
    school            TEXT NOT NULL,
    major             TEXT NOT NULL,
    started_on        DATE NOT NULL,
    graduated_on      DATE NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('submitted', 'returned', 'verified', 'rewarded')),
    review_comment    TEXT,
    verified_by_name  TEXT,
    verified_at       TIMESTAMP,
    reward_yuan       INTEGER,
    reward_note       TEXT,
    rewarded_at       TIMESTAMP,
    version           BIGINT NOT NULL DEFAULT 1,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX degrees_user ON degrees (user_id, graduated_on DESC);
CREATE INDEX degrees_unit ON degrees (unit_id, created_at DESC, id DESC);
CREATE INDEX degrees_created ON degrees (created_at DESC, id DESC);
CREATE INDEX degrees_updated ON degrees (updated_at, id);
