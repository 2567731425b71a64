-- The staff disclosure list's totals: exact counts per issuing unit and status kept by
-- triggers, so a page need not count the rows of the caller's scope (see
-- `Listing::kept_total`). Statement-level triggers over transition tables: a statement
-- that writes many rows updates each count once, where a row-level trigger would update
-- the same few count rows once per row (a chain of row versions that grows with the
-- statement).

CREATE TABLE disclosure_record_counts (
    unit_id     TEXT NOT NULL,
    status      TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (unit_id, status)
);
INSERT INTO disclosure_record_counts (unit_id, status, n)
SELECT issuing_unit_id, status, COUNT(*) FROM disclosure_records GROUP BY issuing_unit_id, status;

CREATE FUNCTION disclosure_record_counts_add() RETURNS trigger AS $$
BEGIN
    INSERT INTO disclosure_record_counts (unit_id, status, n)
    SELECT issuing_unit_id, status, COUNT(*) FROM added GROUP BY issuing_unit_id, status
    ON CONFLICT (unit_id, status) DO UPDATE SET n = disclosure_record_counts.n + EXCLUDED.n;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION disclosure_record_counts_remove() RETURNS trigger AS $$
BEGIN
    UPDATE disclosure_record_counts c SET n = c.n - r.n
    FROM (SELECT issuing_unit_id, status, COUNT(*) AS n FROM removed GROUP BY issuing_unit_id, status) r
    WHERE c.unit_id = r.issuing_unit_id AND c.status = r.status;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION disclosure_record_counts_move() RETURNS trigger AS $$
BEGIN
    -- Only rows whose unit or status changed move between counts.
    UPDATE disclosure_record_counts c SET n = c.n - r.n
    FROM (SELECT o.issuing_unit_id, o.status, COUNT(*) AS n
          FROM removed o JOIN added a ON a.id = o.id
          WHERE a.issuing_unit_id <> o.issuing_unit_id OR a.status <> o.status
          GROUP BY o.issuing_unit_id, o.status) r
    WHERE c.unit_id = r.issuing_unit_id AND c.status = r.status;
    INSERT INTO disclosure_record_counts (unit_id, status, n)
    SELECT a.issuing_unit_id, a.status, COUNT(*)
    FROM added a JOIN removed o ON o.id = a.id
    WHERE a.issuing_unit_id <> o.issuing_unit_id OR a.status <> o.status
    GROUP BY a.issuing_unit_id, a.status
    ON CONFLICT (unit_id, status) DO UPDATE SET n = disclosure_record_counts.n + EXCLUDED.n;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER disclosure_record_counts_insert AFTER INSERT ON disclosure_records
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION disclosure_record_counts_add();
CREATE TRIGGER disclosure_record_counts_update AFTER UPDATE ON disclosure_records
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION disclosure_record_counts_move();
CREATE TRIGGER disclosure_record_counts_delete AFTER DELETE ON disclosure_records
    REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION disclosure_record_counts_remove();
