DROP INDEX disclosure_records_decision;
CREATE INDEX disclosure_records_decision ON disclosure_records (decision_date DESC, id DESC);
