-- A supervision notice is an official document: it carries a number, 督办〔year〕N号,
-- counted per issuing unit and year (Asia/Shanghai), assigned when it is issued.
ALTER TABLE supervision_notices ADD COLUMN doc_year INTEGER NOT NULL DEFAULT 0;
ALTER TABLE supervision_notices ADD COLUMN doc_serial INTEGER NOT NULL DEFAULT 0;
UPDATE supervision_notices SET doc_year = CAST(strftime('%Y', created_at, '+8 hours') AS INTEGER);
UPDATE supervision_notices SET doc_serial = (
    SELECT COUNT(*) FROM supervision_notices s
    WHERE s.issued_by_unit_id = supervision_notices.issued_by_unit_id
      AND s.doc_year = supervision_notices.doc_year
      AND (s.created_at < supervision_notices.created_at
           OR (s.created_at = supervision_notices.created_at AND s.id <= supervision_notices.id))
);
CREATE UNIQUE INDEX supervision_notices_number ON supervision_notices (issued_by_unit_id, doc_year, doc_serial);
