DROP TABLE disclosure_revisions;
DROP TABLE disclosure_records;
DROP TABLE calendar_days;
DROP TABLE discretion_factors;
DROP TABLE discretion_tiers;
DROP TABLE discretion_benchmarks;
DROP TABLE power_adjustments;
DROP TABLE power_items;
