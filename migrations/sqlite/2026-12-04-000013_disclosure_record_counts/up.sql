-- The staff disclosure list's totals: exact counts per issuing unit and status kept by
-- triggers, so a page need not count the rows of the caller's scope (see
-- `Listing::kept_total`).

CREATE TABLE disclosure_record_counts (
    unit_id     TEXT NOT NULL,
    status      TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (unit_id, status)
);
INSERT INTO disclosure_record_counts (unit_id, status, n)
SELECT issuing_unit_id, status, COUNT(*) FROM disclosure_records GROUP BY issuing_unit_id, status;

CREATE TRIGGER disclosure_record_counts_insert AFTER INSERT ON disclosure_records
BEGIN
    INSERT INTO disclosure_record_counts (unit_id, status, n)
    VALUES (NEW.issuing_unit_id, NEW.status, 1)
    ON CONFLICT (unit_id, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER disclosure_record_counts_update AFTER UPDATE OF issuing_unit_id, status ON disclosure_records
WHEN OLD.issuing_unit_id IS NOT NEW.issuing_unit_id OR OLD.status IS NOT NEW.status
BEGIN
    UPDATE disclosure_record_counts SET n = n - 1
    WHERE unit_id = OLD.issuing_unit_id AND status = OLD.status;
    INSERT INTO disclosure_record_counts (unit_id, status, n)
    VALUES (NEW.issuing_unit_id, NEW.status, 1)
    ON CONFLICT (unit_id, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER disclosure_record_counts_delete AFTER DELETE ON disclosure_records
BEGIN
    UPDATE disclosure_record_counts SET n = n - 1
    WHERE unit_id = OLD.issuing_unit_id AND status = OLD.status;
END;
