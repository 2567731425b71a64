-- Legal-knowledge quizzes and exams: the question bank (categories, questions and their
-- kept revisions), study plans, quiz sessions, attempts with their answers, each
-- person's result per session and the wrong-answer book.

CREATE TABLE question_categories (
    id            TEXT PRIMARY KEY NOT NULL,
    parent_id     TEXT REFERENCES question_categories (id),
    owner_unit_id TEXT NOT NULL REFERENCES units (id),
    name          TEXT NOT NULL,
    sort_order    INTEGER NOT NULL DEFAULT 0,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX question_categories_updated ON question_categories (updated_at, id);
CREATE UNIQUE INDEX question_categories_sibling_name
    ON question_categories (COALESCE(parent_id, ''), name);

CREATE TABLE questions (
    id            TEXT PRIMARY KEY NOT NULL,
    owner_unit_id TEXT NOT NULL REFERENCES units (id),
    category_id   TEXT NOT NULL REFERENCES question_categories (id),
    kind          TEXT NOT NULL CHECK (kind IN ('single_choice', 'multiple_choice', 'true_false', 'fill_blank', 'short_answer')),
    stem          TEXT NOT NULL,
    -- ',tag,other tag,' so that one tag is found with LIKE '%,tag,%'.
    tags          TEXT NOT NULL,
    -- SHA-256 of the trimmed stem: the same question twice in a category is refused.
    fingerprint   TEXT NOT NULL,
    revision      INTEGER NOT NULL,
    content       TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('active', 'retired')),
    retire_reason TEXT,
    created_by    TEXT NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX questions_updated ON questions (updated_at, id);
CREATE INDEX questions_created ON questions (created_at DESC, id DESC);
CREATE INDEX questions_owner ON questions (owner_unit_id, created_at DESC, id DESC);
CREATE INDEX questions_draw ON questions (category_id, status, kind);
CREATE UNIQUE INDEX questions_fingerprint ON questions (category_id, fingerprint);

CREATE TABLE question_revisions (
    question_id      TEXT NOT NULL REFERENCES questions (id),
    revision         INTEGER NOT NULL,
    content          TEXT NOT NULL,
    recorded_by_name TEXT NOT NULL,
    recorded_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (question_id, revision)
);

CREATE TABLE study_plans (
    id                TEXT PRIMARY KEY NOT NULL,
    organiser_unit_id TEXT NOT NULL REFERENCES units (id),
    year              INTEGER NOT NULL,
    title             TEXT NOT NULL,
    content           TEXT NOT NULL,
    created_by        TEXT NOT NULL,
    version           BIGINT NOT NULL DEFAULT 1,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX study_plans_updated ON study_plans (updated_at, id);
CREATE INDEX study_plans_year ON study_plans (year DESC, id DESC);

CREATE TABLE quiz_sessions (
    id                TEXT PRIMARY KEY NOT NULL,
    organiser_unit_id TEXT NOT NULL REFERENCES units (id),
    kind              TEXT NOT NULL CHECK (kind IN ('quarterly_quiz', 'pre_appointment_exam', 'competition_round', 'practice', 'makeup')),
    title             TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('draft', 'published', 'cancelled')),
    opens_at          TIMESTAMP NOT NULL,
    closes_at         TIMESTAMP NOT NULL,
    study_plan_id     TEXT REFERENCES study_plans (id),
    quarter           INTEGER,
    makeup_of         TEXT REFERENCES quiz_sessions (id),
    content           TEXT NOT NULL,
    max_score         INTEGER NOT NULL,
    question_count    INTEGER NOT NULL,
    cancel_reason     TEXT,
    published_at      TIMESTAMP,
    created_by        TEXT NOT NULL,
    version           BIGINT NOT NULL DEFAULT 1,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX quiz_sessions_updated ON quiz_sessions (updated_at, id);
CREATE INDEX quiz_sessions_opens ON quiz_sessions (opens_at DESC, id DESC);
CREATE INDEX quiz_sessions_organiser ON quiz_sessions (organiser_unit_id, opens_at DESC, id DESC);
CREATE INDEX quiz_sessions_window ON quiz_sessions (status, closes_at);
CREATE UNIQUE INDEX quiz_sessions_plan_quarter ON quiz_sessions (study_plan_id, quarter)
    WHERE study_plan_id IS NOT NULL;

CREATE TABLE quiz_attempts (
    id            TEXT PRIMARY KEY NOT NULL,
    session_id    TEXT NOT NULL REFERENCES quiz_sessions (id),
    user_id       TEXT NOT NULL REFERENCES users (id),
    unit_id       TEXT NOT NULL REFERENCES units (id),
    number        INTEGER NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('in_progress', 'awaiting_grading', 'graded')),
    started_at    TIMESTAMP NOT NULL,
    deadline_at   TIMESTAMP NOT NULL,
    submitted_at  TIMESTAMP,
    submitted_how TEXT CHECK (submitted_how IN ('taker', 'deadline', 'leave_limit')),
    -- The frozen paper: each question's revision, shown order, options and key.
    paper         TEXT NOT NULL,
    leave_events  TEXT NOT NULL,
    score_centi   BIGINT,
    max_centi     BIGINT NOT NULL,
    passed        BOOLEAN,
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX quiz_attempts_number ON quiz_attempts (session_id, user_id, number);
CREATE INDEX quiz_attempts_updated ON quiz_attempts (updated_at, id);
CREATE INDEX quiz_attempts_deadline ON quiz_attempts (status, deadline_at);
CREATE INDEX quiz_attempts_user ON quiz_attempts (user_id, created_at DESC);

CREATE TABLE quiz_answers (
    attempt_id     TEXT NOT NULL REFERENCES quiz_attempts (id),
    position       INTEGER NOT NULL,
    -- What an answer may be, copied from the frozen paper so a save reads one row.
    kind           TEXT NOT NULL,
    option_keys    TEXT NOT NULL,
    blank_count    INTEGER NOT NULL,
    answer         TEXT,
    saved_at       TIMESTAMP,
    points_centi   BIGINT,
    grader_comment TEXT,
    graded_by_name TEXT,
    graded_at      TIMESTAMP,
    PRIMARY KEY (attempt_id, position)
);

CREATE TABLE quiz_results (
    id                TEXT PRIMARY KEY NOT NULL,
    session_id        TEXT NOT NULL REFERENCES quiz_sessions (id),
    user_id           TEXT NOT NULL REFERENCES users (id),
    unit_id           TEXT NOT NULL REFERENCES units (id),
    attempts          INTEGER NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('awaiting_grading', 'graded')),
    score_centi       BIGINT,
    passed            BOOLEAN,
    last_submitted_at TIMESTAMP NOT NULL,
    version           BIGINT NOT NULL DEFAULT 1,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX quiz_results_person ON quiz_results (session_id, user_id);
CREATE INDEX quiz_results_updated ON quiz_results (updated_at, id);
CREATE INDEX quiz_results_recent ON quiz_results (last_submitted_at DESC, id DESC);
CREATE INDEX quiz_results_unit ON quiz_results (unit_id, last_submitted_at DESC, id DESC);
CREATE INDEX quiz_results_user ON quiz_results (user_id, last_submitted_at DESC, id DESC);

CREATE TABLE wrong_answers (
    user_id       TEXT NOT NULL REFERENCES users (id),
    question_id   TEXT NOT NULL REFERENCES questions (id),
    revision      INTEGER NOT NULL,
    item          TEXT NOT NULL,
    times_wrong   INTEGER NOT NULL,
    last_wrong_at TIMESTAMP NOT NULL,
    -- When the answer may be shown (the attempt's review policy); NULL: never.
    visible_from  TIMESTAMP,
    mastered_at   TIMESTAMP,
    PRIMARY KEY (user_id, question_id)
);

-- A published quiz tells its takers: a new kind of notification. SQLite changes a CHECK
-- by rebuilding the table.
CREATE TABLE notifications_next (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users (id),
    kind            TEXT NOT NULL CHECK (kind IN ('report_returned', 'notice_received',
                        'review_waiting', 'deadline_soon', 'deadline_passed', 'quiz_open')),
    subject_type    TEXT NOT NULL,
    subject_id      TEXT NOT NULL,
    plan_id         TEXT REFERENCES plans (id),
    task_id         TEXT REFERENCES tasks (id),
    title           TEXT NOT NULL,
    due_date        DATE,
    on_day          DATE NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    read_at         TIMESTAMP,
    UNIQUE (user_id, kind, subject_id, on_day)
);
INSERT INTO notifications_next SELECT * FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_next RENAME TO notifications;
CREATE INDEX notifications_inbox ON notifications (user_id, created_at, id);
