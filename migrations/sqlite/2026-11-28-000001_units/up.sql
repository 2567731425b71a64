-- Organisation units: a tree (city bureau > sections, county bureaus > brigades).
CREATE TABLE units (
    id          TEXT PRIMARY KEY NOT NULL,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    name_en     TEXT,
    kind        TEXT NOT NULL CHECK (kind IN ('city_bureau', 'section', 'county_bureau', 'brigade')),
    parent_id   TEXT REFERENCES units (id),
    active      BOOLEAN NOT NULL DEFAULT 1,
    sort_order  INTEGER NOT NULL DEFAULT 0,
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX units_parent_id ON units (parent_id);
CREATE INDEX units_updated_at ON units (updated_at, id);
