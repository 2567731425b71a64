DROP TABLE assessment_notices;
DROP TABLE assessment_runs;
DROP TABLE case_reviews;
DROP TABLE rule_sets;
