-- The public disclosure list over millions of rows: indexes in its sort order limited
-- to public rows, and exact counts per unit and decision month kept by a trigger, so
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
SELECT issuing_unit_id, to_char(decision_date, 'YYYY-MM'), COUNT(*)
FROM disclosure_records WHERE status IN ('published', 'corrected')
GROUP BY issuing_unit_id, to_char(decision_date, 'YYYY-MM');

CREATE FUNCTION disclosure_counts_maintain() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status IN ('published', 'corrected') THEN
        UPDATE public_disclosure_counts SET n = n - 1
        WHERE unit_id = OLD.issuing_unit_id AND month = to_char(OLD.decision_date, 'YYYY-MM');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status IN ('published', 'corrected') THEN
        INSERT INTO public_disclosure_counts (unit_id, month, n)
        VALUES (NEW.issuing_unit_id, to_char(NEW.decision_date, 'YYYY-MM'), 1)
        ON CONFLICT (unit_id, month) DO UPDATE SET n = public_disclosure_counts.n + 1;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER disclosure_counts AFTER INSERT OR UPDATE OR DELETE ON disclosure_records
    FOR EACH ROW EXECUTE FUNCTION disclosure_counts_maintain();
