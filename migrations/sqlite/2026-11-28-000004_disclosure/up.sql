-- Power and responsibility list, discretion benchmarks, working-day calendar and
-- administrative-penalty result disclosure.

CREATE TABLE power_items (
    id          TEXT PRIMARY KEY NOT NULL,
    code        TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMP NOT NULL
);

-- Every change to the list, with the item's content from its effective date (none for
-- a repeal). Rows are never updated.
CREATE TABLE power_adjustments (
    id                      TEXT PRIMARY KEY NOT NULL,
    item_id                 TEXT NOT NULL REFERENCES power_items (id),
    version_no              INTEGER NOT NULL,
    kind                    TEXT NOT NULL CHECK (kind IN ('add', 'amend', 'repeal')),
    reason                  TEXT NOT NULL,
    reason_detail           TEXT,
    effective_from          DATE NOT NULL,
    name                    TEXT,
    category                TEXT,
    legal_basis             TEXT,
    responsible_unit_id     TEXT REFERENCES units (id),
    responsibility_items    TEXT,
    accountability          TEXT,
    recorded_by             TEXT NOT NULL,
    recorded_at             TIMESTAMP NOT NULL,
    UNIQUE (item_id, version_no),
    UNIQUE (item_id, effective_from)
);
CREATE INDEX power_adjustments_effective ON power_adjustments (effective_from);

CREATE TABLE discretion_benchmarks (
    id              TEXT PRIMARY KEY NOT NULL,
    power_item_id   TEXT NOT NULL REFERENCES power_items (id),
    version_no      INTEGER NOT NULL,
    effective_from  DATE NOT NULL,
    legal_basis     TEXT NOT NULL,
    notes           TEXT,
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (power_item_id, version_no),
    UNIQUE (power_item_id, effective_from)
);

CREATE TABLE discretion_tiers (
    benchmark_id    TEXT NOT NULL REFERENCES discretion_benchmarks (id),
    position        INTEGER NOT NULL,
    code            TEXT NOT NULL,
    name            TEXT NOT NULL,
    conditions      TEXT NOT NULL,
    fine_min_fen    BIGINT,
    fine_max_fen    BIGINT,
    other_measures  TEXT,
    no_penalty      BOOLEAN NOT NULL,
    PRIMARY KEY (benchmark_id, code)
);

CREATE TABLE discretion_factors (
    benchmark_id    TEXT NOT NULL REFERENCES discretion_benchmarks (id),
    position        INTEGER NOT NULL,
    code            TEXT NOT NULL,
    name            TEXT NOT NULL,
    direction       TEXT NOT NULL CHECK (direction IN ('mitigating', 'aggravating')),
    PRIMARY KEY (benchmark_id, code)
);

-- Days that differ from the Monday-to-Friday rule: holidays on weekdays and make-up
-- working days on weekends.
CREATE TABLE calendar_days (
    day         DATE PRIMARY KEY NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name        TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE disclosure_records (
    id                  TEXT PRIMARY KEY NOT NULL,
    issuing_unit_id     TEXT NOT NULL REFERENCES units (id),
    document_number     TEXT NOT NULL,
    -- The document number normalised for uniqueness (full-width to half-width,
    -- brackets unified, spaces removed).
    document_key        TEXT NOT NULL,
    case_cause          TEXT NOT NULL,
    party_kind          TEXT NOT NULL CHECK (party_kind IN ('natural_person', 'legal_person', 'other_organization')),
    party_name          TEXT NOT NULL,
    party_credit_code   TEXT,
    party_id_number     TEXT,
    -- What the public may see and search: the masked name, the cause with a natural
    -- person's name and ID number removed.
    public_party_name   TEXT NOT NULL,
    public_case_cause   TEXT NOT NULL,
    legal_basis         TEXT NOT NULL,
    fine_fen            BIGINT,
    confiscated_fen     BIGINT,
    other_measures      TEXT,
    execution_status    TEXT NOT NULL,
    decision_date       DATE NOT NULL,
    power_item_id       TEXT REFERENCES power_items (id),
    discretion_tier     TEXT,
    benchmark_id        TEXT REFERENCES discretion_benchmarks (id),
    fine_justification  TEXT,
    fine_out_of_range   BOOLEAN NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('draft', 'published', 'corrected', 'withdrawn')),
    revision            INTEGER NOT NULL,
    publication_date    DATE,
    correction_reason   TEXT,
    withdrawal_reason   TEXT,
    version             BIGINT NOT NULL DEFAULT 1,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    UNIQUE (issuing_unit_id, document_key)
);
CREATE INDEX disclosure_records_public ON disclosure_records (status, publication_date, id);
CREATE INDEX disclosure_records_unit_decision ON disclosure_records (issuing_unit_id, decision_date);
CREATE INDEX disclosure_records_decision ON disclosure_records (decision_date);
CREATE INDEX disclosure_records_updated_at ON disclosure_records (updated_at, id);

-- Every revision's full content, the first one and each correction.
CREATE TABLE disclosure_revisions (
    id              TEXT PRIMARY KEY NOT NULL,
    record_id       TEXT NOT NULL REFERENCES disclosure_records (id),
    revision        INTEGER NOT NULL,
    content_json    TEXT NOT NULL,
    reason          TEXT,
    recorded_by     TEXT NOT NULL,
    recorded_at     TIMESTAMP NOT NULL,
    UNIQUE (record_id, revision)
);
