DROP TABLE statistics_report_revisions;
DROP TABLE statistics_reports;
DROP TABLE statistics_templates;
