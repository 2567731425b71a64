DROP TABLE risk_assessments;
DROP TABLE major_decisions;
