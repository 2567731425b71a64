-- A supervision notice is an official document: it carries a number, 督办〔year〕N号,
-- counted per issuing unit and year (Asia/Shanghai), assigned when it is issued.
ALTER TABLE supervision_notices ADD COLUMN doc_year INTEGER NOT NULL DEFAULT 0;
ALTER TABLE supervision_notices ADD COLUMN doc_serial INTEGER NOT NULL DEFAULT 0;
UPDATE supervision_notices SET doc_year = EXTRACT(YEAR FROM created_at + INTERVAL '8 hours')::INTEGER;
UPDATE supervision_notices SET doc_serial = numbered.serial
FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY issued_by_unit_id, doc_year ORDER BY created_at, id) AS serial
    FROM supervision_notices
) AS numbered
WHERE numbered.id = supervision_notices.id;
CREATE UNIQUE INDEX supervision_notices_number ON supervision_notices (issued_by_unit_id, doc_year, doc_serial);
