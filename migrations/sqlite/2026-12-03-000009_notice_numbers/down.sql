DROP INDEX supervision_notices_number;
ALTER TABLE supervision_notices DROP COLUMN doc_serial;
ALTER TABLE supervision_notices DROP COLUMN doc_year;
