-- Lists read their default order from an index that leads with the sort key and ends
-- with the id tie-break, so a page stops after its rows instead of sorting every row
-- that matches. A unit-scoped list then walks the same index and skips rows outside
-- the caller's units; the planner (with statistics) picks the unit index instead when
-- the scope holds few rows.
DROP INDEX disclosure_records_decision;
CREATE INDEX disclosure_records_decision ON disclosure_records (decision_date DESC, id DESC);
DROP INDEX disclosure_records_unit_decision;
CREATE INDEX disclosure_records_unit_decision ON disclosure_records (issuing_unit_id, decision_date DESC, id DESC);
