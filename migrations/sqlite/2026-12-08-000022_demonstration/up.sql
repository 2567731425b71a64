-- Demonstration units: each year's round (criteria, phase weights, deadlines, panel),
-- the brigades' applications with their self-assessment, and the panel's written and
-- on-site reviews.

CREATE TABLE demonstration_rounds (
    id               TEXT PRIMARY KEY NOT NULL,
    -- One round a year (checked under a lock on the city bureau's row).
    year             INTEGER NOT NULL,
    name             TEXT NOT NULL,
    criteria_id      TEXT NOT NULL REFERENCES rule_sets (id),
    weight_written   INTEGER NOT NULL,
    weight_onsite    INTEGER NOT NULL,
    weight_indicators INTEGER NOT NULL,
    apply_by         DATE NOT NULL,
    review_by        DATE NOT NULL,
    awards           INTEGER NOT NULL,
    -- The panel's user ids as JSON ([uuid]).
    reviewer_ids     TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('open', 'decided', 'published')),
    -- The named units as JSON ([RankedApplication]), fixed by the decision.
    named            TEXT NOT NULL,
    decided_by_name  TEXT,
    decided_at       TIMESTAMP,
    published_at     TIMESTAMP,
    created_by       TEXT NOT NULL,
    version          BIGINT NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX demonstration_rounds_year ON demonstration_rounds (year);
CREATE INDEX demonstration_rounds_updated ON demonstration_rounds (updated_at, id);

CREATE TABLE demonstration_applications (
    id                    TEXT PRIMARY KEY NOT NULL,
    round_id              TEXT NOT NULL REFERENCES demonstration_rounds (id),
    unit_id               TEXT NOT NULL REFERENCES units (id),
    recommender_unit_id   TEXT NOT NULL REFERENCES units (id),
    summary               TEXT NOT NULL,
    -- The self-assessment as JSON ([SelfScore]).
    self_assessment       TEXT NOT NULL,
    status                TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'recommended', 'declined')),
    submitted_at          TIMESTAMP,
    recommendation_comment TEXT,
    recommended_by_name   TEXT,
    recommended_at        TIMESTAMP,
    named                 BOOLEAN NOT NULL DEFAULT FALSE,
    created_by            TEXT NOT NULL,
    version               BIGINT NOT NULL DEFAULT 1,
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL,
    UNIQUE (round_id, unit_id)
);
CREATE INDEX demonstration_applications_unit ON demonstration_applications (unit_id);
CREATE INDEX demonstration_applications_updated ON demonstration_applications (updated_at, id);

CREATE TABLE demonstration_reviews (
    id              TEXT PRIMARY KEY NOT NULL,
    application_id  TEXT NOT NULL REFERENCES demonstration_applications (id),
    round_id        TEXT NOT NULL REFERENCES demonstration_rounds (id),
    -- The applying unit, so that a scoped reader's reviews are found by unit.
    unit_id         TEXT NOT NULL REFERENCES units (id),
    phase           TEXT NOT NULL CHECK (phase IN ('written', 'onsite')),
    reviewer_id     TEXT NOT NULL REFERENCES users (id),
    reviewer_name   TEXT NOT NULL,
    -- The findings as JSON ([Finding]) and the computed result (Scored).
    findings        TEXT NOT NULL,
    result          TEXT NOT NULL,
    score_tenths    BIGINT NOT NULL,
    vetoed          BOOLEAN NOT NULL,
    visited_on      DATE,
    participants    TEXT NOT NULL,
    -- The criteria checked on site as JSON ([code]).
    checked         TEXT NOT NULL,
    notes           TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
    submitted_at    TIMESTAMP,
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (application_id, phase, reviewer_id)
);
CREATE INDEX demonstration_reviews_round ON demonstration_reviews (round_id, status);
CREATE INDEX demonstration_reviews_updated ON demonstration_reviews (updated_at, id);
