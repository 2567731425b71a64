DROP TRIGGER disclosure_record_counts_delete ON disclosure_records;
DROP TRIGGER disclosure_record_counts_update ON disclosure_records;
DROP TRIGGER disclosure_record_counts_insert ON disclosure_records;
DROP FUNCTION disclosure_record_counts_move();
DROP FUNCTION disclosure_record_counts_remove();
DROP FUNCTION disclosure_record_counts_add();
DROP TABLE disclosure_record_counts;
