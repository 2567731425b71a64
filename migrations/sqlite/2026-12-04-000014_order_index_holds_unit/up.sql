-- The order index also holds the issuing unit, so a scoped page that walks it (see
-- `db::list::walks_order_index`) tests each entry's unit from the index and reads only
-- the rows it shows.
DROP INDEX disclosure_records_decision;
CREATE INDEX disclosure_records_decision ON disclosure_records (decision_date DESC, id DESC, issuing_unit_id);
