DROP TRIGGER disclosure_record_counts ON disclosure_records;
DROP FUNCTION disclosure_record_counts_maintain();
DROP TABLE disclosure_record_counts;
