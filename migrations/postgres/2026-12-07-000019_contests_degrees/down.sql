DROP TABLE degrees;
DROP TABLE contest_scores;
DROP TABLE contest_entries;
DROP TABLE contest_judges;
DROP TABLE contests;
