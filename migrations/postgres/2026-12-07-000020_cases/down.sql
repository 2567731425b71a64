ALTER TABLE disclosure_records DROP COLUMN overturned_note;
ALTER TABLE disclosure_records DROP COLUMN overturned_on;
DROP TABLE veto_events;
DROP TABLE case_outcomes;
DROP TABLE case_bulletins;
DROP TABLE case_quotas;
DROP TABLE case_submissions;
