DROP TRIGGER disclosure_counts_delete;
DROP TRIGGER disclosure_counts_update_new;
DROP TRIGGER disclosure_counts_update_old;
DROP TRIGGER disclosure_counts_insert;
DROP TABLE public_disclosure_counts;
DROP INDEX disclosure_public_unit_order;
DROP INDEX disclosure_public_order;
