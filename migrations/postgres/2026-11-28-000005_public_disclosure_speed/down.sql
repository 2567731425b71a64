DROP TRIGGER disclosure_counts ON disclosure_records;
DROP FUNCTION disclosure_counts_maintain();
DROP TABLE public_disclosure_counts;
DROP INDEX disclosure_public_unit_order;
DROP INDEX disclosure_public_order;
