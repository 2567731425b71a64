-- Superseded by the partial indexes of the public list (which the planners then prefer).
DROP INDEX disclosure_records_public;
