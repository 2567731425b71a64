DROP INDEX disclosure_records_unit_decision;
CREATE INDEX disclosure_records_unit_decision ON disclosure_records (issuing_unit_id, decision_date);
DROP INDEX disclosure_records_decision;
CREATE INDEX disclosure_records_decision ON disclosure_records (decision_date);
