-- The public disclosure list over millions of rows: indexes in its sort order limited
-- to public rows, and exact counts per unit and decision month kept by triggers, so
-- totals need not count the table.

CREATE INDEX disclosure_public_order ON disclosure_records (publication_date DESC, id DESC)
    WHERE status IN ('published', 'corrected');
CREATE INDEX disclosure_public_unit_order ON disclosure_records (issuing_unit_id, publication_date DESC, id DESC)
    WHERE status IN ('published', 'corrected');

CREATE TABLE public_disclosure_counts (
    unit_id     TEXT NOT NULL,
    month       TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (unit_id, month)
);
INSERT INTO public_disclosure_counts (unit_id, month, n)
SELECT issuing_unit_id, strftime('%Y-%m', decision_date), COUNT(*)
FROM disclosure_records WHERE status IN ('published', 'corrected')
GROUP BY issuing_unit_id, strftime('%Y-%m', decision_date);

CREATE TRIGGER disclosure_counts_insert AFTER INSERT ON disclosure_records
WHEN NEW.status IN ('published', 'corrected')
BEGIN
    INSERT INTO public_disclosure_counts (unit_id, month, n)
    VALUES (NEW.issuing_unit_id, strftime('%Y-%m', NEW.decision_date), 1)
    ON CONFLICT (unit_id, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER disclosure_counts_update_old AFTER UPDATE ON disclosure_records
WHEN OLD.status IN ('published', 'corrected')
BEGIN
    UPDATE public_disclosure_counts SET n = n - 1
    WHERE unit_id = OLD.issuing_unit_id AND month = strftime('%Y-%m', OLD.decision_date);
END;
CREATE TRIGGER disclosure_counts_update_new AFTER UPDATE ON disclosure_records
WHEN NEW.status IN ('published', 'corrected')
BEGIN
    INSERT INTO public_disclosure_counts (unit_id, month, n)
    VALUES (NEW.issuing_unit_id, strftime('%Y-%m', NEW.decision_date), 1)
    ON CONFLICT (unit_id, month) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER disclosure_counts_delete AFTER DELETE ON disclosure_records
WHEN OLD.status IN ('published', 'corrected')
BEGIN
    UPDATE public_disclosure_counts SET n = n - 1
    WHERE unit_id = OLD.issuing_unit_id AND month = strftime('%Y-%m', OLD.decision_date);
END;
