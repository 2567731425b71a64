-- The staff disclosure list's totals: exact counts per issuing unit and status kept by
-- a trigger, so a page need not count the rows of the caller's scope (see
-- `Listing::kept_total`).

CREATE TABLE disclosure_record_counts (
    unit_id     TEXT NOT NULL,
    status      TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (unit_id, status)
);
INSERT INTO disclosure_record_counts (unit_id, status, n)
SELECT issuing_unit_id, status, COUNT(*) FROM disclosure_records GROUP BY issuing_unit_id, status;

CREATE FUNCTION disclosure_record_counts_maintain() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.issuing_unit_id = NEW.issuing_unit_id AND OLD.status = NEW.status THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE disclosure_record_counts SET n = n - 1
        WHERE unit_id = OLD.issuing_unit_id AND status = OLD.status;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO disclosure_record_counts (unit_id, status, n)
        VALUES (NEW.issuing_unit_id, NEW.status, 1)
        ON CONFLICT (unit_id, status) DO UPDATE SET n = disclosure_record_counts.n + 1;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER disclosure_record_counts AFTER INSERT OR UPDATE OR DELETE ON disclosure_records
    FOR EACH ROW EXECUTE FUNCTION disclosure_record_counts_maintain();
