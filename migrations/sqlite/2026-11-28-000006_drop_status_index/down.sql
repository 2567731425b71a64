CREATE INDEX disclosure_records_public ON disclosure_records (status, publication_date, id);
